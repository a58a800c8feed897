"""samarbeid-docs: agreements for inter-municipal cooperation as code."""

__version__ = "0.1.0"
