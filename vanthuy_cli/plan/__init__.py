"""What a plan is: the YAML key names, the records and pydantic model, periods, the deadline
grammar, figures, the scoring criteria, and the frozen ``LoadedPlan``."""
