"""CLI sub-commands, one module per verb."""
