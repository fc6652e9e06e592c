#!/usr/bin/env bash
# Builds and starts RegulationApi on http://127.0.0.1:5080 (override with ASPNETCORE_URLS).
# With no ConnectionStrings__Regulations set, it first starts a private PostgreSQL under .data/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ConnectionStrings__Regulations:-}" ]; then
  # When it cannot start, local-postgres.sh says why and names REGULATIONAPI_PG_PORT as the way to another port.
  ConnectionStrings__Regulations=$(PORT_VARIABLE=REGULATIONAPI_PG_PORT scripts/local-postgres.sh start .data/postgres "${REGULATIONAPI_PG_PORT:-55432}")
  export ConnectionStrings__Regulations
  echo "Using the private PostgreSQL in .data/postgres (stop it with: scripts/local-postgres.sh stop .data/postgres)" >&2
fi

exec dotnet run --project src/RegulationApi -c Release -- --urls "${ASPNETCORE_URLS:-http://127.0.0.1:5080}" "$@"
