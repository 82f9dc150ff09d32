#!/bin/sh
install -d -m 0750 -o zoomvconnect -g zoomvconnect /var/lib/zoomvconnect
chown root:zoomvconnect /etc/zoomvconnect/zoomvconnect.yaml
chmod 0640 /etc/zoomvconnect/zoomvconnect.yaml
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    if [ "$1" -eq 1 ]; then
        systemctl enable --now zoomvconnect.service >/dev/null 2>&1 || :
        echo "ZoomVconnect is installed: open https://$(hostname -f 2>/dev/null || hostname)/ and create the first administrator:"
        echo "  zvc-admin users add --admin you@example.com"
    else
        systemctl try-restart zoomvconnect.service >/dev/null 2>&1 || :
    fi
fi
exit 0
