// TabregLinear module.
