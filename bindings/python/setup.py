"""Build the libsupport Python package against an installed libsupport (pyproject.toml says how).

The C library is found with pkg-config (libsupport.pc): its include and library directories, and its
version, which becomes the package's. SWIG (the `swig` command, Debian package swig) turns
../libsupport.i into the extension's C source and core.py, with the same options as the CMake build
(bindings/CMakeLists.txt); the extension links libsupport.so.0 and, when that is not in a system
directory, finds it at run time through a RUNPATH to pkg-config's libdir.
"""
import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
SWIG_DIR = os.path.dirname(HERE)  # bindings/: libsupport.i and its parts
SOURCE_HEADER = os.path.join(os.path.dirname(SWIG_DIR), "libsupport", "include", "libsupport", "common.h")
# As in bindings/CMakeLists.txt (the SWIG command and SUP_SWIG_C_OPTIONS).
SWIG_ARGS = ["-python", "-builtin", "-Wall", "-Werror"]
C_OPTIONS = ["-Wno-unused-label", "-Wno-unused-variable", "-Wno-unused-function", "-Wno-unused-parameter",
             "-Wno-missing-field-initializers", "-Wno-sign-compare", "-Wno-cast-function-type"]
SYSTEM_LIBDIRS = ("/usr/lib", "/lib", "/usr/lib64", "/lib64")


def fail(message):
    sys.exit(f"libsupport (setup.py): {message}")


def pkg_config(*args):
    try:
        done = subprocess.run(["pkg-config", *args, "libsupport"], capture_output=True, text=True)
    except FileNotFoundError:
        fail("pkg-config was not found: install the Debian package pkg-config")
    if done.returncode != 0:
        fail("pkg-config found no libsupport ({}). Install the C library first: the Debian package "
             "libsupport-dev, or `cmake --install build --prefix PREFIX` and "
             "PKG_CONFIG_PATH=PREFIX/lib/pkgconfig (see README.md)".format(done.stderr.strip() or "no output"))
    return done.stdout.split()


def source_version():
    """The version of the bindings' sources (common.h of this tree), if the tree has it."""
    try:
        with open(SOURCE_HEADER, encoding="utf-8") as f:
            m = re.search(r'#define SUP_VERSION_STRING "([0-9.]+)"', f.read())
        return m.group(1) if m else None
    except OSError:
        return None


def version_tuple(v):
    return tuple(int(x) for x in v.split("."))


installed = pkg_config("--modversion")[0]
wanted = source_version()
if wanted and version_tuple(installed) < version_tuple(wanted):
    fail(f"the installed libsupport is {installed}, older than these bindings ({wanted}): "
         "install libsupport {wanted} or later first")

include_dirs = [f[2:] for f in pkg_config("--cflags-only-I") if f.startswith("-I")]
library_dirs = [f[2:] for f in pkg_config("--libs-only-L") if f.startswith("-L")]
libraries = [f[2:] for f in pkg_config("--libs-only-l") if f.startswith("-l")]
libdir = pkg_config("--variable=libdir")[0]
runtime_dirs = [] if os.path.normpath(libdir).startswith(SYSTEM_LIBDIRS) else [os.path.normpath(libdir)]


class BuildSwig(build_ext):
    """SWIG first: the wrapper into build_temp, core.py next to the extension in the package."""

    def run(self):
        swig = shutil.which("swig4.0") or shutil.which("swig")
        if not swig:
            fail("swig was not found: install the Debian package swig")
        os.makedirs(self.build_temp, exist_ok=True)
        package_dir = os.path.join(self.build_lib, "libsupport")
        os.makedirs(package_dir, exist_ok=True)
        wrapper = os.path.join(self.build_temp, "libsupport_pywrap.c")
        cmd = [swig, *SWIG_ARGS, f"-I{SWIG_DIR}", *(f"-I{d}" for d in include_dirs),
               "-outdir", package_dir, "-o", wrapper, os.path.join(SWIG_DIR, "libsupport.i")]
        self.announce(" ".join(cmd), level=2)
        subprocess.run(cmd, check=True)
        for ext in self.extensions:
            ext.sources = [wrapper]
        super().run()


setup(
    version=installed,
    ext_modules=[Extension(
        "libsupport._core", sources=[], include_dirs=include_dirs, library_dirs=library_dirs,
        libraries=libraries, runtime_library_dirs=runtime_dirs, extra_compile_args=C_OPTIONS)],
    cmdclass={"build_ext": BuildSwig},
)
