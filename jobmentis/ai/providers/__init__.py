"""Provider adapters. Each vendor SDK is imported in exactly one module of this package."""
