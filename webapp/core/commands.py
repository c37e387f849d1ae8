"""Region and account commands (filled in by the operations work)."""
COMMANDS = []
