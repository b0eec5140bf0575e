"""jiexiu: exact figures from the public record of Jiexiu (介休市, Shanxi)."""

__version__ = "0.1.0"
