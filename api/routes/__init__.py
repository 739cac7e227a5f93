"""HTTP routes, one module per resource, plus the pipeline and rule catalog they share."""
