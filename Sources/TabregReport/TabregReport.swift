// TabregReport module.
