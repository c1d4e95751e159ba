"""Runs the capstan command the way compat/drift does (CAPSTAN_JAVA/CAPSTAN_JAR or ./capstan)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_capstan(*args):
    java = os.environ.get("CAPSTAN_JAVA")
    jar = os.environ.get("CAPSTAN_JAR", str(ROOT / "app" / "target" / "capstan-app.jar"))
    command = ([java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-jar", jar]
               if java else [str(ROOT / "capstan")])
    done = subprocess.run(command + [str(a) for a in args], capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr
