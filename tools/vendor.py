"""`make vendor`: fetch the front-end packages we ship (tools/vendored.json) from npm's registry,
check each against the integrity recorded there, and copy the files we use into the repository.

The site serves these copies itself: no CDN, no build step, and a page's scripts are exactly
the files in git. To move to a newer release, change its version and integrity in the manifest
(`npm view <name>@<version> dist.integrity` prints it), run `make vendor` and commit the result.
"""

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANIFEST = Path(__file__).with_name("vendored.json")


def vendor(name: str, package: dict, workdir: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("make vendor needs npm (apt-get install npm)")
    packed = subprocess.run(  # noqa: S603 - npm with the manifest's pinned names only
        [npm, "pack", f"{name}@{package['version']}", "--json", "--pack-destination", workdir],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    (answer,) = json.loads(packed.stdout)
    if answer["integrity"] != package["integrity"]:
        raise SystemExit(f"{name}@{package['version']}: the registry's file is not the one pinned")
    into = REPO / package["into"]
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    with tarfile.open(workdir / answer["filename"]) as archive:
        for source, target in package["files"].items():
            member = archive.extractfile(f"package/{source}")
            if member is None:
                raise SystemExit(f"{name}: no {source} in the package")
            (into / target).write_bytes(member.read())
    print(f"{name}@{package['version']} -> {package['into']}")


def main() -> int:
    packages = json.loads(MANIFEST.read_text())
    with tempfile.TemporaryDirectory() as workdir:
        for name, package in packages.items():
            vendor(name, package, Path(workdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
