#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the TEST-ONLY certificates and keys of TestTlsProbe (see README.md).
# Run from this folder: sh make-certs.sh
set -eu
DAYS_LONG=9125   # 25 years
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# The test CA.
key test-ca.key
openssl req -x509 -new -key test-ca.key -sha256 -days $DAYS_LONG -subj "/CN=Liftoff Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out test-ca.pem

# leaf_ext NAME SAN: writes an extension file for a server certificate.
leaf_ext() {
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$2" > "$work/$1.ext"
}

# A valid leaf for 127.0.0.1 and localhost.
key test-leaf-localhost.key
openssl req -new -key test-leaf-localhost.key -subj "/CN=localhost" -out "$work/leaf.csr"
leaf_ext leaf "DNS:localhost,IP:127.0.0.1"
openssl x509 -req -in "$work/leaf.csr" -CA test-ca.pem -CAkey test-ca.key -set_serial 0x1001 -sha256 \
    -days $DAYS_LONG -extfile "$work/leaf.ext" -out test-leaf-localhost.pem

# A leaf for other.test only (hostname mismatch when reached as 127.0.0.1).
key test-leaf-other-host.key
openssl req -new -key test-leaf-other-host.key -subj "/CN=other.test" -out "$work/other.csr"
leaf_ext other "DNS:other.test"
openssl x509 -req -in "$work/other.csr" -CA test-ca.pem -CAkey test-ca.key -set_serial 0x1002 -sha256 \
    -days $DAYS_LONG -extfile "$work/other.ext" -out test-leaf-other-host.pem

# A self-signed certificate for 127.0.0.1 and localhost.
key test-self-signed.key
openssl req -x509 -new -key test-self-signed.key -sha256 -days $DAYS_LONG -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -out test-self-signed.pem

# An expired leaf (2020-01-01 to 2021-01-01), signed by the test CA through `openssl ca`,
# the only OpenSSL 3.0 command that takes explicit start and end dates.
key test-leaf-expired.key
openssl req -new -key test-leaf-expired.key -subj "/CN=expired.localhost" -out "$work/expired.csr"
mkdir "$work/db"
: > "$work/db/index.txt"
echo 1003 > "$work/db/serial"
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $work/db
database = $work/db/index.txt
serial = $work/db/serial
new_certs_dir = $work/db
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = leaf
[any]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
CNF
openssl ca -batch -config "$work/ca.cnf" -cert test-ca.pem -keyfile test-ca.key \
    -startdate 20200101000000Z -enddate 20210101000000Z -in "$work/expired.csr" -notext \
    -out test-leaf-expired.pem 2>/dev/null

for f in test-*.pem; do openssl x509 -in "$f" -noout -subject -enddate; done
