#!/usr/bin/env bash
# Sets up everything the tests need on a fresh machine, then runs every check and test.
# Usage: tests/run-all.sh   (from anywhere; about 10-15 minutes on 2 cores from a cold cache)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*" >&2; }

step "prerequisites"
if ! command -v node >/dev/null 2>&1; then
    echo "Error: node (20 or newer) is needed for the test identity provider." >&2
    echo "Hint: apt-get update && apt-get install -y nodejs npm" >&2
    exit 1
fi
if ! command -v aws >/dev/null 2>&1; then
    echo "aws CLI missing: installing awscli from PyPI" >&2
    python3 -m pip install --quiet --disable-pip-version-check awscli || {
        echo "Error: could not install the AWS CLI. Hint: python3 -m pip install awscli" >&2
        exit 1
    }
fi
if ! python3 -c "import boto3" >/dev/null 2>&1; then
    echo "boto3 missing (tests/s3_boto3.py drives it): installing it from PyPI" >&2
    python3 -m pip install --quiet --disable-pip-version-check boto3 || {
        echo "Error: could not install boto3. Hint: python3 -m pip install boto3" >&2
        exit 1
    }
fi
if [ -f tests/idp/package-lock.json ]; then
    npm ci --prefix tests/idp --no-audit --no-fund --loglevel=error
fi

step "format and lints"
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings

step "tests"
cargo test --locked --no-fail-fast
