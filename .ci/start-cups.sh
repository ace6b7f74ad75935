#!/usr/bin/env bash
# Start CUPS (no systemd in a container) with a queue that writes what it is sent to a
# PDF file, for the test that prints through it. Prints the queue's name. Safe to run twice.
set -euo pipefail

QUEUE="${HOTEL_SUPPLY_CUPS_QUEUE:-hotel-supply-pdf}"
OUT_DIR="${HOTEL_SUPPLY_CUPS_OUT:-/tmp/hotel-supply-cups}"

command -v cupsd >/dev/null 2>&1 || { echo "cupsd not installed" >&2; exit 1; }
if ! lpstat -r 2>/dev/null | grep -q "is running"; then
  # A file: device lets the queue write its jobs to a file instead of a printer.
  grep -q "^FileDevice Yes" /etc/cups/cups-files.conf || echo "FileDevice Yes" >>/etc/cups/cups-files.conf
  mkdir -p /run/cups
  cupsd
  for _ in $(seq 50); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.1; done
fi
if ! lpstat -v "$QUEUE" >/dev/null 2>&1; then
  mkdir -p "$OUT_DIR"
  chmod 1777 "$OUT_DIR"
  # The PDF reaches the file as the app sent it (a pass-through filter; a raw queue
  # would run no filter and write nothing to a file: device).
  lpadmin -p "$QUEUE" -E -v "file://$OUT_DIR/$QUEUE.pdf" \
    -P "$(dirname "$0")/pdf-file-printer.ppd" 2>/dev/null
fi
echo "$QUEUE"
