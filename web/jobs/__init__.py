"""Background solves: the job queue (create, claim, progress, cancel, reap) and the worker."""
