"""Where the program's bundled resources live (source tree or PyInstaller bundle), and the
name its folders in the user's data and cache folders go by."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "hrh-returns"
# PyInstaller unpacks data next to sys._MEIPASS; from source they sit beside models/.
_ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
RESOURCES = _ROOT / "resources"
TEMPLATE_DIR = RESOURCES / "templates"
FONT_DIR = RESOURCES / "fonts"
TRANSLATION_DIR = RESOURCES / "translations"
DEMO_FILE = RESOURCES / "demo" / "demo.toml"
