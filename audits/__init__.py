"""Audit rules. The rule engine arrives with the audit issue; extraction does not depend on it."""
