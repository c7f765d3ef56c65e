# Import the installed packages before pytest imports any test module: with
# --import-mode=importlib a test under mnp_pipeline/tests is named
# "mnp_pipeline.tests...", and without this pytest would bind "mnp_pipeline" to the
# project folder instead of the package.
import mnp_core  # noqa: F401
import mnp_pipeline  # noqa: F401
