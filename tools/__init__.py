"""Development tools of ala-policy (not installed with the package)."""
