#!/bin/sh
# Job "vm": run the file the host passed with 'make vm RUN=...'.
prog=/run/user/$(ls /run/user 2>/dev/null | head -n 1)
[ -f "$prog" ] || { echo "vm: no program was passed in"; exit 2; }
chmod +x "$prog"
cd /tmp && "$prog"
