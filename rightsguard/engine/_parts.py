"""Scored batches between the two passes of a streamed file: in memory up to a bound, else on disk."""

from __future__ import annotations

from pathlib import Path
from threading import Lock

import polars as pl

IN_MEMORY_BYTES = 384 * 2**20
"""Batches are kept in memory between the passes until they hold this much in all; later ones
are spilled to disk. Below it a file is never written twice; above it memory stays bounded."""


class Room:
    """What is left of :data:`IN_MEMORY_BYTES`, taken by batches as they are checked."""

    def __init__(self) -> None:
        self.left = IN_MEMORY_BYTES
        self.lock = Lock()

    def take(self, nbytes: int) -> bool:
        """Take ``nbytes`` if there is room for them."""
        with self.lock:
            if nbytes > self.left:
                return False
            self.left -= nbytes
            return True


class Part:
    """A batch of accepted disputes between the passes, scored already or still to score:
    held in memory or spilled to disk, and given up when taken."""

    def __init__(self, frame: pl.DataFrame, path: Path, room: Room, *, scored: bool) -> None:
        self.scored = scored
        self.path = path
        self.frame: pl.DataFrame | None = frame
        if not room.take(int(frame.estimated_size())):
            frame.write_ipc(path, compression="uncompressed")
            self.frame = None

    def take(self) -> pl.DataFrame:
        """The batch, no longer held here."""
        if self.frame is None:
            frame = pl.read_ipc(self.path)
            self.path.unlink()
            return frame
        frame, self.frame = self.frame, None
        return frame
