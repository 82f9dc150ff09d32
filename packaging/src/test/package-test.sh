#!/usr/bin/env bash
# The .deb tested for real on this machine, and the .rpm's metadata checked:
#   install -> the unit verifies -> the unit's ExecStart runs under the service user ->
#   login page over HTTPS -> zvc-admin users add --admin -> API login with that user ->
#   upgrade to a rebuilt package with a higher version (data and conffile kept) ->
#   remove (data kept) -> purge (data, config and user gone) -> lintian -> rpm -qpi/-qpl.
#
# Needs root (it installs a package) and dpkg, lintian, rpm, curl, runuser, systemd-analyze.
# In CI (CI=true) anything missing fails the build; elsewhere the test says so and skips.
# Usage: package-test.sh DEB RPM
set -euo pipefail

deb=$1
rpm=$2
pkg=zoomvconnect
https_port=${ZVC_PACKAGE_TEST_PORT:-18443}
media_port=${ZVC_PACKAGE_TEST_MEDIA_PORT:-18000}
work=$(mktemp -d /tmp/zvc-package-test.XXXXXX)
app_pid=

say() { printf 'package-test: %s\n' "$*"; }
fail() { say "FAILED: $*"; [ -f "$work/app.log" ] && tail -n 40 "$work/app.log" | sed 's/^/  app| /'; exit 1; }

unavailable() {
    if [ "${CI:-}" = "true" ]; then
        fail "$* (CI must run this test: .ci/run installs what it needs and runs as root)"
    fi
    say "SKIPPED: $* (run as root with the tools installed, or in CI, to test the packages)"
    exit 0
}

[ "$(id -u)" = 0 ] || unavailable "not root"
for tool in dpkg dpkg-deb lintian rpm curl runuser systemd-analyze adduser; do
    command -v "$tool" >/dev/null || unavailable "$tool is not installed"
done
[ -f "$deb" ] || fail "no package at $deb"
[ -f "$rpm" ] || fail "no package at $rpm"
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q installed; then
    fail "$pkg is already installed on this machine; remove it first (the test installs and purges it)"
fi

stop_app() {
    if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
        kill "$app_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$app_pid" 2>/dev/null || true
    fi
    app_pid=
}
cleanup() {
    stop_app
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q installed; then
        dpkg --purge "$pkg" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

unit=/lib/systemd/system/zoomvconnect.service
base="https://127.0.0.1:$https_port"

start_app() {
    # The unit's own command line, under the unit's own user (systemd itself does not run here).
    local exec_start
    exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
    [ -n "$exec_start" ] || fail "no ExecStart in $unit"
    local user
    user=$(sed -n 's/^User=//p' "$unit")
    [ "$user" = zoomvconnect ] || fail "unit runs as '$user', expected zoomvconnect"
    # Unprivileged ports: runuser grants no CAP_NET_BIND_SERVICE (the unit does, for 443/80). No
    # ZVC_JAVA_OPTS: the launcher's default JVM options run, so the bundled runtime must take them.
    # shellcheck disable=SC2086
    (cd /var/lib/zoomvconnect && exec runuser -u "$user" -- env ZVC_SERVER_PORT="$https_port" ZVC_SERVER_REDIRECT_PORT=-1 \
        ZVC_MEDIA_PORT="$media_port" $exec_start) >"$work/app.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 150); do
        kill -0 "$app_pid" 2>/dev/null || fail "the appliance exited while starting"
        if curl -skf -o /dev/null "$base/health" 2>/dev/null; then
            return 0
        fi
        sleep 0.4
    done
    fail "the appliance did not answer on $base within 60 s"
}

login() {
    local email=$1 password=$2
    curl -sk -o "$work/login.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/api/v1/auth/login"
}

say "installing $(basename "$deb")"
dpkg -i "$deb" | tee "$work/install.log"
grep -q "zvc-admin users add --admin" "$work/install.log" || fail "postinst did not print how to create the first admin"
grep -q "https://" "$work/install.log" || fail "postinst did not print the URL"

getent passwd zoomvconnect >/dev/null || fail "no zoomvconnect user"
[ "$(getent passwd zoomvconnect | cut -d: -f7)" = /usr/sbin/nologin ] || fail "the service user has a login shell"
[ "$(stat -c %U:%a /var/lib/zoomvconnect)" = zoomvconnect:750 ] || fail "/var/lib/zoomvconnect: $(stat -c %U:%a /var/lib/zoomvconnect)"
[ "$(stat -c %U:%G:%a /etc/zoomvconnect/zoomvconnect.yaml)" = root:zoomvconnect:640 ] || fail "config file ownership"
dpkg-query -W -f='${Conffiles}' "$pkg" | grep -q /etc/zoomvconnect/zoomvconnect.yaml || fail "config file is not a conffile"
/usr/lib/zoomvconnect/runtime/bin/java -version 2>&1 | grep -q 'version "2[1-9]' || fail "bundled runtime is not Java 21+"
systemd-analyze verify "$unit" 2>&1 | tee "$work/verify.log"
if grep -v -e 'Failed to connect' -e 'not running' -e '^$' "$work/verify.log" | grep -q .; then
    fail "systemd-analyze verify reported problems"
fi
bash -n /usr/share/bash-completion/completions/zvc-admin || fail "bash completion does not parse"
zvc-admin --version | grep -q . || fail "zvc-admin --version"

# Idempotent maintainer scripts: configuring twice changes nothing and fails nothing.
/var/lib/dpkg/info/$pkg.postinst configure 0.1.0 >/dev/null || fail "postinst configure is not idempotent"

say "starting the unit's ExecStart as zoomvconnect"
start_app
curl -skf "$base/" -o "$work/index.html" || fail "login page not served over HTTPS"
grep -qi "<html" "$work/index.html" || fail "login page is not HTML"
plain=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$https_port/" || true)
[ "$plain" != 200 ] || fail "plain HTTP served on the HTTPS port"

say "first administrator with zvc-admin (online, over the admin channel)"
printf 'Correct-horse-9\n' > "$work/password"
zvc-admin users add --admin --name "First Admin" --password-file "$work/password" admin@example.test
[ "$(login admin@example.test Correct-horse-9)" = 200 ] || fail "API login with the new admin: $(cat "$work/login.json")"
[ "$(login admin@example.test wrong-password)" = 401 ] || fail "a wrong password was not refused"
zvc-admin --json status | grep -q '"version"' || fail "zvc-admin status"
zvc-admin branding set --product-name "Package Test Meet"
curl -skf "$base/api/v1/branding" | grep -q "Package Test Meet" || fail "branding not applied live"
# Mark the conffile as changed by the admin: an upgrade must keep it.
echo "# changed by the admin" >> /etc/zoomvconnect/zoomvconnect.yaml
stop_app

say "upgrading to a rebuilt package with a higher version"
mkdir -p "$work/upgrade"
dpkg-deb -R "$deb" "$work/upgrade/root"
sed -i 's/^Version: .*/Version: 0.1.1~packagetest/' "$work/upgrade/root/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 -b "$work/upgrade/root" "$work/upgrade/zoomvconnect-upgrade.deb" >/dev/null
dpkg --force-confold -i "$work/upgrade/zoomvconnect-upgrade.deb" | tee "$work/upgrade.log"
[ "$(dpkg-query -W -f='${Version}' "$pkg")" = 0.1.1~packagetest ] || fail "upgrade did not install"
grep -q "changed by the admin" /etc/zoomvconnect/zoomvconnect.yaml || fail "upgrade lost the admin's config change"
grep -q "zvc-admin users add" "$work/upgrade.log" && fail "the upgrade printed the first-install message again"
start_app
[ "$(login admin@example.test Correct-horse-9)" = 200 ] || fail "the admin cannot log in after the upgrade"
curl -skf "$base/api/v1/branding" | grep -q "Package Test Meet" || fail "branding lost in the upgrade"
stop_app

say "offline administration (appliance stopped)"
zvc-admin users add --password-file "$work/password" user@example.test
[ "$(find /var/lib/zoomvconnect -not -user zoomvconnect | wc -l)" = 0 ] || fail "offline zvc-admin left root-owned files: $(find /var/lib/zoomvconnect -not -user zoomvconnect)"
start_app
[ "$(login user@example.test Correct-horse-9)" = 200 ] || fail "user added offline cannot log in"
stop_app

say "remove keeps data, purge deletes it"
dpkg -r "$pkg"
[ -d /var/lib/zoomvconnect ] && [ -n "$(ls -A /var/lib/zoomvconnect)" ] || fail "remove deleted the data"
[ -f /etc/zoomvconnect/zoomvconnect.yaml ] || fail "remove deleted the configuration"
[ -e /usr/bin/zvc-admin ] && fail "remove left /usr/bin/zvc-admin"
dpkg -P "$pkg"
[ -e /var/lib/zoomvconnect ] && fail "purge left /var/lib/zoomvconnect"
[ -e /etc/zoomvconnect ] && fail "purge left /etc/zoomvconnect"
getent passwd zoomvconnect >/dev/null && fail "purge left the zoomvconnect user"

say "lintian"
# Errors fail; the overrides shipped in the package explain the bundled Java runtime.
lintian --fail-on error --suppress-tags bad-distribution-in-changes-file "$deb" | tee "$work/lintian.log" || fail "lintian reported errors"

say "rpm metadata and contents"
rpm -qpi "$rpm" | tee "$work/rpm-info.txt" | grep -q '^Name *: zoomvconnect' || fail "rpm -qpi"
rpm -qpl "$rpm" > "$work/rpm-files.txt"
for f in /usr/lib/zoomvconnect/lib/zoomvconnect.jar /usr/lib/zoomvconnect/lib/zvc-admin.jar /usr/lib/zoomvconnect/runtime/bin/java \
         /usr/bin/zvc-admin /etc/zoomvconnect/zoomvconnect.yaml /usr/lib/systemd/system/zoomvconnect.service /var/lib/zoomvconnect; do
    grep -qx "$f" "$work/rpm-files.txt" || fail "rpm lacks $f"
done
rpm -qp --configfiles "$rpm" | grep -qx /etc/zoomvconnect/zoomvconnect.yaml || fail "rpm: config file not marked %config"
rpm -qp --scripts "$rpm" > "$work/rpm-scripts.txt"
grep -q useradd "$work/rpm-scripts.txt" || fail "rpm pre-install does not create the user"
grep -q 'try-restart' "$work/rpm-scripts.txt" || fail "rpm post-install does not restart on upgrade"
rpm -qp --dump "$rpm" | awk '$1=="/usr/lib/zoomvconnect/runtime/bin/java"{print $5}' | grep -q 755 || fail "rpm: java is not executable"

say "PASSED"
