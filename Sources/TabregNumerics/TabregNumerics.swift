// TabregNumerics module.
