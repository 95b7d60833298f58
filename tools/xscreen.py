"""What the screenshot tools share: an Xvfb of a township screen's size, letting Qt settle,
and a camera that photographs a window (or the whole X screen) and says whether it fits."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def start_xvfb(width: int, height: int) -> subprocess.Popen[bytes] | None:
    """An Xvfb of the size on a free display; None when Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        return None
    for display in range(90, 140):
        if Path(f"/tmp/.X11-unix/X{display}").exists() or Path(f"/tmp/.X{display}-lock").exists():
            continue
        command = ["Xvfb", f":{display}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"]
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                os.environ["DISPLAY"] = f":{display}"
                return proc
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.kill()
    return None


@contextmanager
def x_screen(width: int, height: int, own: bool = True) -> Iterator[bool]:
    """Qt on the xcb platform, on $DISPLAY or (``own``) on an Xvfb of the size started here;
    yields False when there is no X server to be had."""
    xvfb = start_xvfb(width, height) if own and not os.environ.get("DISPLAY") else None
    if not os.environ.get("DISPLAY"):
        yield False
        return
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        yield True
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)


def settle(seconds: float = 0.3) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


class Camera:
    """Photographs into ``out``: with ``screen_size`` ("1366x768") the whole X screen, named
    screen-<size>-<name>.png, with a line saying whether the window fits (``problems`` lists
    those that don't); without, the widget alone, <name>.png."""

    def __init__(self, app: Any, out: Path, screen_size: str = "", pause: float = 0.3) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.screen_size, self.pause = out, screen_size, pause
        self.screen = app.primaryScreen()
        self.area = self.screen.availableGeometry()
        self.problems: list[str] = []

    def __call__(self, widget: Any, name: str) -> Path:
        settle(self.pause)
        if self.screen_size:
            frame = widget.frameGeometry()
            fits = self.area.contains(frame)
            print(f"{name}: frame {frame.x()},{frame.y()} {frame.width()}x{frame.height()} {'fits' if fits else 'DOES NOT FIT'}")
            if not fits:
                self.problems.append(name)
            path = self.out / f"screen-{self.screen_size}-{name}.png"
            self.screen.grabWindow(0).save(str(path))
        else:
            path = self.out / f"{name}.png"
            widget.grab().save(str(path))
        print(path)
        return path


Shoot = Callable[[Any, str], Path]
