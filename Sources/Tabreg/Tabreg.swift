// `import Tabreg` gives a Swift program every library module of tabreg at once.
@_exported import TabregData
@_exported import TabregExperiment
@_exported import TabregLinear
@_exported import TabregModel
@_exported import TabregNetwork
@_exported import TabregNumerics
@_exported import TabregReport
