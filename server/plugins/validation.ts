import ajvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler'

type Validate = ReturnType<ReturnType<ValidatorFactory>>

const buildAjvCompiler = ajvCompiler()

/**
 * Fastify's own Ajv compiler, with each route's validator compiled by the first request that needs it instead
 * of when the app starts. Ajv generating and compiling code for the ~60 staff and admin route schemas was a
 * third of start-up's CPU time and held their code in memory on an instance that only reporters visit. The
 * schemas, Ajv options and Fastify's handling of errors stay the same; a broken schema now fails its route's
 * first request (and so its tests) instead of start-up.
 */
export const lazyValidators: ValidatorFactory = (externalSchemas, options) => {
  let compiler: ReturnType<ValidatorFactory> | undefined
  return (route) => {
    let validate: Validate | undefined
    const lazy = ((data: unknown, context?: object) => {
      compiler ??= buildAjvCompiler(externalSchemas, options)
      validate ??= compiler(route)
      const valid = validate(data, context as never)
      lazy.errors = validate.errors
      return valid
    }) as Validate
    // Fastify passes the request as parent data only to validators that have this (Ajv's do): it is what lets
    // Ajv replace a coerced root value.
    Object.assign(lazy, { schemaEnv: true })
    return lazy
  }
}
