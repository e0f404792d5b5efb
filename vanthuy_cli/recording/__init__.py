"""Writing what the clerk records (progress, notes, deadlines) and starting a new year's plan."""
