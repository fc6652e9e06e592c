#!/usr/bin/env bash
# Checks the sample patroni.yml: that it is YAML with the settings RegulationApi relies on, and, where Patroni is
# installed (apt-get install patroni), that Patroni's own validator accepts it. Not run in CI.
#   deploy/patroni/check.sh [FILE]
set -euo pipefail
file=${1:-$(dirname "$0")/patroni.yml}

python3 - "$file" <<'PY'
import sys
try:
    import yaml
except ImportError:
    sys.exit("PyYAML is missing: apt-get install python3-yaml (Patroni's package brings it)")

config = yaml.safe_load(open(sys.argv[1]))
parameters = config["bootstrap"]["dcs"]["postgresql"]["parameters"]
hba = config["postgresql"]["pg_hba"]
replication_user = config["postgresql"]["authentication"]["replication"]["username"]
checks = {
    "wal_level is replica": parameters.get("wal_level") == "replica",
    "hot_standby is on": str(parameters.get("hot_standby")).lower() == "on",
    "max_wal_senders is at least 3 (two standbys and a base backup)": int(parameters.get("max_wal_senders", 0)) >= 3,
    "hot_standby_feedback is on": str(parameters.get("hot_standby_feedback")).lower() == "on",
    "pg_hba lets the replication user stream": any(
        line.split()[:3] == ["host", "replication", replication_user] for line in hba),
    "the same pg_hba at bootstrap": config["bootstrap"].get("pg_hba") == hba,
    "initdb makes a UTF-8 cluster": {"encoding": "UTF8"} in config["bootstrap"]["initdb"],
    "the REST API listens (GET /primary, /replica)": "listen" in config["restapi"],
}
failed = [name for name, ok in checks.items() if not ok]
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
sys.exit(1 if failed else 0)
PY

if command -v patroni >/dev/null; then
  patroni --validate-config "$file"
  echo "ok   patroni --validate-config ($(patroni --version))"
else
  echo "skip patroni --validate-config: Patroni is not installed"
fi
