"""Archive of China's Sci-Tech Workers Day campaign notices."""

__version__ = "0.1.0"
