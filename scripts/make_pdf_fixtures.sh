#!/bin/sh
# Regenerates tests/fixtures/pdf/ (see scripts/make_pdf_fixtures.py for what each file tests).
# Needs soffice (LibreOffice), fonts-wqy-microhei, qpdf.
set -eu
cd "$(dirname "$0")/.."
exec python3 scripts/make_pdf_fixtures.py "$@"
