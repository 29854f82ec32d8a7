#!/bin/sh
# Fills the secrets and addresses into this directory's Asterisk configuration when the PBX starts, and
# refuses to start it while any of them is unset, a placeholder, too short (passwords) or holds a
# character Asterisk's configuration reads differently (';' starts a comment).
# Usage: render-secrets.sh <directory with the *.conf templates> <Asterisk's configuration directory>
set -eu
from=${1:?the templates directory}
to=${2:?the target directory}
names="CRM_AMI_PASSWORD CRM_ARI_PASSWORD AMI_BIND_ADDRESS CARRIER_HOST CARRIER_IP CARRIER_USERNAME CARRIER_PASSWORD PHONE_1001_PASSWORD PHONE_1002_PASSWORD RECORDING_DIR"
passwords="CRM_AMI_PASSWORD CRM_ARI_PASSWORD PHONE_1001_PASSWORD PHONE_1002_PASSWORD"
# where MixMonitor writes: the folder the CRM mounts, or Asterisk's recording folder when it fetches over ARI
RECORDING_DIR=${RECORDING_DIR:-/var/spool/asterisk/monitor}
export RECORDING_DIR
problems=""
case "$RECORDING_DIR" in
    /*) ;;
    *) problems="$problems
  RECORDING_DIR must be an absolute path ($RECORDING_DIR)" ;;
esac
for name in $names; do
    eval "value=\${$name:-}"
    case "$value" in
        "") problems="$problems
  $name is not set" ;;
        *change-me*|*CHANGE-ME*|*changeme*|YOUR_*|*.example|*.example.*) problems="$problems
  $name is still a placeholder ($value)" ;;
        *";"*) problems="$problems
  $name contains ';', which Asterisk reads as the start of a comment" ;;
    esac
done
for name in $passwords; do
    eval "value=\${$name:-}"
    if [ -n "$value" ] && [ "${#value}" -lt 12 ]; then
        problems="$problems
  $name is shorter than 12 characters"
    fi
done
if [ -n "$problems" ]; then
    echo "render-secrets: Asterisk is not started:$problems" >&2
    exit 1
fi
mkdir -p "$to"
for file in "$from"/*.conf; do
    awk -v names="$names" '
        BEGIN { n = split(names, list, " ") }
        {
            line = $0
            for (i = 1; i <= n; i++) {
                token = "@" list[i] "@"
                value = ENVIRON[list[i]]
                out = ""
                while ((at = index(line, token)) > 0) {
                    out = out substr(line, 1, at - 1) value
                    line = substr(line, at + length(token))
                }
                line = out line
            }
            print line
        }' "$file" > "$to/$(basename "$file")"
done
echo "render-secrets: configuration written to $to"
