import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def test_migrate_creates_the_shared_cache_table(tmp_path: Path) -> None:
    database = tmp_path / "fresh.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME")},
        "DEBUG": "1",
        "CACHE_URL": "db://",
        "DATABASE_URL": f"sqlite:///{database}",
        "CALLIDARITY_VAR_DIR": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, "-m", "callidarity", "migrate", "-v0"], env=env, cwd=tmp_path, check=True
    )
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "callidarity_cache" in tables
    assert "ledger_entry" in tables
