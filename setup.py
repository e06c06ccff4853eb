"""Packages for setuptools (everything else is in pyproject.toml).

The top-level folders templates/, static/ and migrations/ travel inside the `workbench`
package of a wheel or sdist install, where `workbench.paths.resource` looks first; in a
checkout they stay where they are. pyproject.toml cannot map folders outside the package
while also finding the subpackages, hence this file.
"""

from setuptools import find_packages, setup

SHIPPED = {
    "workbench.templates": "templates",
    "workbench.static": "static",
    "workbench.migrations": "migrations",
}

setup(
    packages=find_packages(include=["workbench", "workbench.*"]) + list(SHIPPED),
    package_dir=SHIPPED,
)
