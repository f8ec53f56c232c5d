#!/usr/bin/env bash
# Runs Mnemo's test suite (the data tests read the real Fashion-MNIST, so setup installs it first).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$root/setup.sh" --data-only
dotnet test "$root/Mnemo.slnx" -c Release -nologo "$@"
