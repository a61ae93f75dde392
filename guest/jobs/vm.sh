#!/bin/sh
# Job "vm" ('make vm RUN=FILE'): run the file the host passed in; its exit
# status is the job's.
prog=/run/user/$(ls /run/user 2>/dev/null | head -n 1)
[ -f "$prog" ] || { echo "vm: no program was passed in"; exit 2; }
chmod +x "$prog"
cd /tmp && "$prog"
