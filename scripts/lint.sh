#!/usr/bin/env bash
# The project's lint: formatting, lint rules, the core/UI import contract and types.
# Run from anywhere: scripts/lint.sh (uses the project's .venv). CI runs it before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
"$bin/ruff" format --check .
"$bin/ruff" check .
"$bin/lint-imports"
"$bin/mypy" kiosk ui
