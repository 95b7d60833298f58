"""The Chinese fonts a 公文 in Word names: for each role (title, body, heading, 楷体, 宋体) the
first preferred family installed on this PC, else the one every Chinese Windows has."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

# Each role: fonts in order of preference; the last is on every Chinese Windows.
FONT_CHOICES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "小标宋", "华文中宋", "宋体"),
    "body": ("仿宋_GB2312", "仿宋"),
    "heading": ("黑体",),
    "kai": ("楷体_GB2312", "楷体"),
    "song": ("宋体",),
}
# Windows font files of the preferred families, for finding them without fontconfig.
WINDOWS_FILES = {
    "方正小标宋简体": ("FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXBSJW--GB1-0.ttf"),
    "方正小标宋_GBK": ("FZXBSK.TTF", "方正小标宋_GBK.TTF"),
    "华文中宋": ("STZHONGS.TTF",),
    "宋体": ("simsun.ttc",),
    "仿宋_GB2312": ("仿宋_GB2312.ttf", "SIMFANG_GB2312.TTF", "FS_GB2312.ttf"),
    "仿宋": ("simfang.ttf",),
    "黑体": ("simhei.ttf",),
    "楷体_GB2312": ("楷体_GB2312.ttf", "KT_GB2312.ttf"),
    "楷体": ("simkai.ttf",),
}


@cache
def installed_families() -> frozenset[str]:
    """Chinese font families on this PC: Windows font folders, else fontconfig; empty when unknown."""
    found: set[str] = set()
    folders = [Path(os.environ[k]) / "Fonts" for k in ("WINDIR", "SystemRoot") if os.environ.get(k)]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    for folder in folders:
        if folder.is_dir():
            names = {p.name.lower() for p in folder.iterdir()}
            found |= {family for family, files in WINDOWS_FILES.items() if any(f.lower() in names for f in files)}
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in out.splitlines():
            found |= {name.strip() for name in line.split(",") if name.strip()}
    return frozenset(found)


def choose_fonts(installed: frozenset[str] | None = None) -> dict[str, str]:
    """The family for each role: the first of its choices installed here, else the last
    (the one every Chinese Windows has; Word substitutes a similar face elsewhere)."""
    have = installed_families() if installed is None else installed
    return {role: next((f for f in choices if f in have), choices[-1]) for role, choices in FONT_CHOICES.items()}
