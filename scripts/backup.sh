#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and the stored files (MEDIA_ROOT) into one folder.
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/hf/media scripts/backup.sh /srv/backup/2026-11-23
set -euo pipefail
target=${1:?"Bruk: scripts/backup.sh MÅLMAPPE"}
: "${DATABASE_URL:?DATABASE_URL må peke på PostgreSQL}"
media=${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/var/media}
mkdir -p "$target"
pg_dump --format=custom --no-owner --file="$target/database.dump" "$DATABASE_URL"
if [ -d "$media" ]; then tar -C "$media" -czf "$target/media.tar.gz" .; else tar -czf "$target/media.tar.gz" -T /dev/null; fi
( cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS )
echo "Sikkerhetskopi skrevet til $target"
