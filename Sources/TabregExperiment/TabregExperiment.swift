// TabregExperiment module.
