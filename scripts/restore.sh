#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media folder.
#   DATABASE_URL=postgres://…/new_db MEDIA_ROOT=/srv/hf/media-new scripts/restore.sh /srv/backup/2026-11-23
set -euo pipefail
source_dir=${1:?"Bruk: scripts/restore.sh KOPIMAPPE"}
: "${DATABASE_URL:?DATABASE_URL må peke på en tom PostgreSQL-database}"
: "${MEDIA_ROOT:?MEDIA_ROOT må peke på mappen filene skal legges i}"
( cd "$source_dir" && sha256sum --check --quiet SHA256SUMS )
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$source_dir/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$source_dir/media.tar.gz"
echo "Gjenopprettet fra $source_dir"
