// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/PlaceholderResolver.h"

PlaceholderResolver::~PlaceholderResolver() = default;
