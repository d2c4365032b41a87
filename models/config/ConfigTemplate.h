// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/**
 * The liftoff.yaml that `liftoff init` writes: a valid minimal project with every other
 * section present as a commented example. Lines starting with "## " explain; lines starting
 * with "# " are examples that load as they are once the "# " is removed.
 */
class ConfigTemplate
{
public:
    /** The commented file for a project called projectName (quoted as needed). */
    static QString commentedYaml(const QString &projectName);
};
