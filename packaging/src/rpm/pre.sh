#!/bin/sh
getent group zoomvconnect >/dev/null || groupadd -r zoomvconnect
getent passwd zoomvconnect >/dev/null || useradd -r -g zoomvconnect -d /var/lib/zoomvconnect -s /sbin/nologin \
    -c "ZoomVconnect appliance" zoomvconnect
exit 0
