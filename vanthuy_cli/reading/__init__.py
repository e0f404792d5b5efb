"""Reading a plan folder: validate the YAML against the model, run the checks, and cache the
result (``workspace.load`` returns a ``LoadedPlan`` or the findings that stop it)."""
