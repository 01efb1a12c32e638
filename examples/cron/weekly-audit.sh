#!/usr/bin/env bash
# A weekly audit on a server. crontab -e:
#   0 6 * * 1  /opt/clinicaudit/examples/cron/weekly-audit.sh >> /var/log/clinicaudit.log 2>&1
# Each run gets its own dated folder; the history database keeps the trend across weeks.
set -euo pipefail
SITE="https://www.example-clinic.com"
BASE="/var/lib/clinicaudit"
OUT="$BASE/runs/$(date +%Y-%m-%d)"
export CLINICAUDIT_DB="$BASE/history.sqlite"
mkdir -p "$BASE/runs"
/opt/clinicaudit/.venv/bin/clinicaudit audit "$SITE" --out "$OUT"
# Mail or publish "$OUT/report.html" and "$OUT/summary.md" as you prefer; keep the last 26 weeks.
find "$BASE/runs" -mindepth 1 -maxdepth 1 -type d -mtime +182 -exec rm -rf {} +
