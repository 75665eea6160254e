#!/bin/bash
# Loket .deb post-remove: electron-builder 26.17's default after-remove template, plus removal of
# the scanner udev rule that after-install.sh copied (dpkg does not own that copy).

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# Only on removal, not on upgrade (dpkg passes "upgrade" then; the new version re-installs it).
if [ "$1" = "remove" ] || [ "$1" = "purge" ] || [ "$1" = "0" ]; then
  rm -f '/etc/udev/rules.d/70-loket-scanners.rules'
  if hash udevadm 2>/dev/null; then
    udevadm control --reload-rules || true
  fi
fi
