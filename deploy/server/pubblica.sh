#!/usr/bin/env bash
# Costruisce il portale e lo copia su un server nginx con rsync via SSH (da un computer della
# redazione o da una CI). Uso, dalla cartella del portale:
#   DESTINAZIONE=portale@server.example:/srv/portico deploy/server/pubblica.sh
# Sul server: deploy/nginx.conf con `root /srv/portico/public`. Guida: docs/pubblicazione.md.
set -euo pipefail

: "${DESTINAZIONE:?indicare DESTINAZIONE, per esempio portale@server.example:/srv/portico}"
server=${DESTINAZIONE%%:*}
# La data che decide "Prossimi eventi" e "Svolto": oggi in Italia.
data=$(TZ=Europe/Rome date +%F)

portico check --production --date "$data"
portico build --date "$data" --output-dir public
# --delay-updates: i file nuovi entrano tutti insieme alla fine; --delete-after: i vecchi
# escono solo dopo. Un visitatore non vede mai un sito a metà.
rsync -rlt --checksum --delay-updates --delete-after public/ "$DESTINAZIONE/public/"
# nginx rilegge la mappa dei redirect (gli alias) solo quando ricarica la configurazione.
ssh "$server" sudo systemctl reload nginx
