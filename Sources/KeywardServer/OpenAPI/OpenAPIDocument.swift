/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`.
///
/// Kept by hand beside the routes: a change to a route changes this document and
/// docs/api.md in the same commit.
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Keyward",
            "version": "0.1.0",
            "summary": "Issue, store and verify API keys.",
            "description": "The HTTP API v1 as built in this version; docs/api.md describes it in prose."
          },
          "servers": [
            {
              "url": "http://127.0.0.1:8787",
              "description": "The default address of `keyward serve`."
            }
          ],
          "security": [
            {
              "managementToken": []
            }
          ],
          "tags": [
            {
              "name": "keyspaces"
            },
            {
              "name": "keys"
            },
            {
              "name": "verification"
            },
            {
              "name": "tokens"
            },
            {
              "name": "leaks"
            },
            {
              "name": "operations"
            }
          ],
          "paths": {
            "/healthz": {
              "get": {
                "operationId": "health",
                "summary": "The process answers.",
                "tags": [
                  "operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "`{\"status\":\"ok\"}`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Status"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/readyz": {
              "get": {
                "operationId": "ready",
                "summary": "The store answers.",
                "tags": [
                  "operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "`{\"status\":\"ready\"}`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Status"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "UNAVAILABLE: the store does not answer.",
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "openAPI",
                "summary": "This document.",
                "tags": [
                  "operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "OpenAPI 3.1.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/v1/keyspaces": {
              "post": {
                "operationId": "createKeyspace",
                "summary": "Create a keyspace.",
                "description": "Scope `keyspaces:write`.",
                "x-keyward-scope": "keyspaces:write",
                "tags": [
                  "keyspaces"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/KeyspaceCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Keyspace"
                        }
                      }
                    }
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              },
              "get": {
                "operationId": "listKeyspaces",
                "summary": "List keyspaces, ordered by id.",
                "description": "Scope `keyspaces:read` (or `keyspaces:write`).",
                "x-keyward-scope": "keyspaces:read",
                "tags": [
                  "keyspaces"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/limit"
                  },
                  {
                    "$ref": "#/components/parameters/cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/KeyspaceList"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            },
            "/v1/keyspaces/{id}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/keyspaceRef"
                }
              ],
              "get": {
                "operationId": "getKeyspace",
                "summary": "Read a keyspace.",
                "description": "Scope `keyspaces:read` (or `keyspaces:write`).",
                "x-keyward-scope": "keyspaces:read",
                "tags": [
                  "keyspaces"
                ],
                "responses": {
                  "200": {
                    "description": "The keyspace.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Keyspace"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              },
              "patch": {
                "operationId": "updateKeyspace",
                "summary": "Change a keyspace.",
                "description": "Scope `keyspaces:write`.",
                "x-keyward-scope": "keyspaces:write",
                "tags": [
                  "keyspaces"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/KeyspaceUpdate"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The changed keyspace.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Keyspace"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              },
              "delete": {
                "operationId": "deleteKeyspace",
                "summary": "Delete an empty keyspace.",
                "description": "Scope `keyspaces:write`. One that holds keys: 409.",
                "x-keyward-scope": "keyspaces:write",
                "tags": [
                  "keyspaces"
                ],
                "responses": {
                  "204": {
                    "description": "Deleted."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            },
            "/v1/keys": {
              "post": {
                "operationId": "createKey",
                "summary": "Issue a key.",
                "description": "Scope `keys:write`. The answer holds the plaintext `key`, once.",
                "x-keyward-scope": "keys:write",
                "tags": [
                  "keys"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/KeyCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/KeyCreated"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              },
              "get": {
                "operationId": "listKeys",
                "summary": "List keys, ordered by id.",
                "description": "Scope `keys:read` (or `keys:write`).",
                "x-keyward-scope": "keys:read",
                "tags": [
                  "keys"
                ],
                "parameters": [
                  {
                    "name": "keyspace",
                    "in": "query",
                    "required": false,
                    "description": "Keyspace name or id.",
                    "schema": {
                      "type": "string",
                      "maxLength": 64
                    }
                  },
                  {
                    "name": "owner",
                    "in": "query",
                    "required": false,
                    "description": "Exact owner.",
                    "schema": {
                      "type": "string",
                      "maxLength": 256
                    }
                  },
                  {
                    "name": "state",
                    "in": "query",
                    "required": false,
                    "description": "State at the time of the request.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "active",
                        "disabled",
                        "expired",
                        "revoked"
                      ]
                    }
                  },
                  {
                    "$ref": "#/components/parameters/limit"
                  },
                  {
                    "$ref": "#/components/parameters/cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/KeyList"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            },
            "/v1/keys/verify": {
              "post": {
                "operationId": "verifyKey",
                "summary": "Verify a key for a backend.",
                "description": "Scope `keys:verify`. A negative answer is a 200 with `valid: false` and its `code`.",
                "x-keyward-scope": "keys:verify",
                "tags": [
                  "verification"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/VerifyRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The answer.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VerifyResponse"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            },
            "/v1/keys/{id}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/keyId"
                }
              ],
              "get": {
                "operationId": "getKey",
                "summary": "Read a key's record.",
                "description": "Scope `keys:read` (or `keys:write`).",
                "x-keyward-scope": "keys:read",
                "tags": [
                  "keys"
                ],
                "responses": {
                  "200": {
                    "description": "The record.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Key"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              },
              "patch": {
                "operationId": "updateKey",
                "summary": "Change a key.",
                "description": "Scope `keys:write`.",
                "x-keyward-scope": "keys:write",
                "tags": [
                  "keys"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/KeyUpdate"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The changed record.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Key"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              },
              "delete": {
                "operationId": "deleteKey",
                "summary": "Delete a key's record.",
                "description": "Scope `keys:write`. The key then verifies as NOT_FOUND.",
                "x-keyward-scope": "keys:write",
                "tags": [
                  "keys"
                ],
                "responses": {
                  "204": {
                    "description": "Deleted."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            },
            "/v1/keys/{id}/revoke": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/keyId"
                }
              ],
              "post": {
                "operationId": "revokeKey",
                "summary": "Revoke a key at once.",
                "description": "Scope `keys:write`. A revoked key stays as it was (200).",
                "x-keyward-scope": "keys:write",
                "tags": [
                  "keys"
                ],
                "requestBody": {
                  "required": false,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/RevokeRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The revoked record.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Key"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            },
            "/v1/tokens": {
              "post": {
                "operationId": "createToken",
                "summary": "Create a management token.",
                "description": "Scope `tokens:write`. The answer holds the `token`, once. Only scopes the caller holds.",
                "x-keyward-scope": "tokens:write",
                "tags": [
                  "tokens"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/TokenCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/TokenCreated"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              },
              "get": {
                "operationId": "listTokens",
                "summary": "List management tokens, ordered by id.",
                "description": "Scope `tokens:read` (or `tokens:write`).",
                "x-keyward-scope": "tokens:read",
                "tags": [
                  "tokens"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/limit"
                  },
                  {
                    "$ref": "#/components/parameters/cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/TokenList"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            },
            "/v1/tokens/{id}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/tokenId"
                }
              ],
              "delete": {
                "operationId": "revokeToken",
                "summary": "Revoke a management token.",
                "description": "Scope `tokens:write`, and every scope of the token revoked (the rule that limits minting): `tokens:write` alone cannot revoke the root token. The record stays, state `revoked`. Again: 204.",
                "x-keyward-scope": "tokens:write",
                "tags": [
                  "tokens"
                ],
                "responses": {
                  "204": {
                    "description": "Revoked."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            },
            "/v1/auth": {
              "get": {
                "operationId": "gatewayAuthGet",
                "summary": "Verify a request's key for a gateway.",
                "description": "For nginx auth_request, Envoy ext_authz, Traefik ForwardAuth. The key is the credential: Bearer, else X-API-Key.",
                "tags": [
                  "verification"
                ],
                "security": [
                  {
                    "gatewayKeyBearer": []
                  },
                  {
                    "gatewayKeyHeader": []
                  }
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ScopesHeader"
                  },
                  {
                    "$ref": "#/components/parameters/OriginalURI"
                  },
                  {
                    "$ref": "#/components/parameters/ForwardedUri"
                  }
                ],
                "responses": {
                  "200": {
                    "$ref": "#/components/responses/GatewayValid"
                  },
                  "400": {
                    "$ref": "#/components/responses/GatewayBadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/GatewayUnauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/GatewayForbidden"
                  }
                }
              },
              "post": {
                "operationId": "gatewayAuthPost",
                "summary": "Verify a request's key for a gateway.",
                "description": "For nginx auth_request, Envoy ext_authz, Traefik ForwardAuth. The key is the credential: Bearer, else X-API-Key.",
                "tags": [
                  "verification"
                ],
                "security": [
                  {
                    "gatewayKeyBearer": []
                  },
                  {
                    "gatewayKeyHeader": []
                  }
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ScopesHeader"
                  },
                  {
                    "$ref": "#/components/parameters/OriginalURI"
                  },
                  {
                    "$ref": "#/components/parameters/ForwardedUri"
                  }
                ],
                "responses": {
                  "200": {
                    "$ref": "#/components/responses/GatewayValid"
                  },
                  "400": {
                    "$ref": "#/components/responses/GatewayBadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/GatewayUnauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/GatewayForbidden"
                  }
                }
              },
              "put": {
                "operationId": "gatewayAuthPut",
                "summary": "Verify a request's key for a gateway.",
                "description": "For nginx auth_request, Envoy ext_authz, Traefik ForwardAuth. The key is the credential: Bearer, else X-API-Key.",
                "tags": [
                  "verification"
                ],
                "security": [
                  {
                    "gatewayKeyBearer": []
                  },
                  {
                    "gatewayKeyHeader": []
                  }
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ScopesHeader"
                  },
                  {
                    "$ref": "#/components/parameters/OriginalURI"
                  },
                  {
                    "$ref": "#/components/parameters/ForwardedUri"
                  }
                ],
                "responses": {
                  "200": {
                    "$ref": "#/components/responses/GatewayValid"
                  },
                  "400": {
                    "$ref": "#/components/responses/GatewayBadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/GatewayUnauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/GatewayForbidden"
                  }
                }
              },
              "patch": {
                "operationId": "gatewayAuthPatch",
                "summary": "Verify a request's key for a gateway.",
                "description": "For nginx auth_request, Envoy ext_authz, Traefik ForwardAuth. The key is the credential: Bearer, else X-API-Key.",
                "tags": [
                  "verification"
                ],
                "security": [
                  {
                    "gatewayKeyBearer": []
                  },
                  {
                    "gatewayKeyHeader": []
                  }
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ScopesHeader"
                  },
                  {
                    "$ref": "#/components/parameters/OriginalURI"
                  },
                  {
                    "$ref": "#/components/parameters/ForwardedUri"
                  }
                ],
                "responses": {
                  "200": {
                    "$ref": "#/components/responses/GatewayValid"
                  },
                  "400": {
                    "$ref": "#/components/responses/GatewayBadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/GatewayUnauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/GatewayForbidden"
                  }
                }
              },
              "delete": {
                "operationId": "gatewayAuthDelete",
                "summary": "Verify a request's key for a gateway.",
                "description": "For nginx auth_request, Envoy ext_authz, Traefik ForwardAuth. The key is the credential: Bearer, else X-API-Key.",
                "tags": [
                  "verification"
                ],
                "security": [
                  {
                    "gatewayKeyBearer": []
                  },
                  {
                    "gatewayKeyHeader": []
                  }
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ScopesHeader"
                  },
                  {
                    "$ref": "#/components/parameters/OriginalURI"
                  },
                  {
                    "$ref": "#/components/parameters/ForwardedUri"
                  }
                ],
                "responses": {
                  "200": {
                    "$ref": "#/components/responses/GatewayValid"
                  },
                  "400": {
                    "$ref": "#/components/responses/GatewayBadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/GatewayUnauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/GatewayForbidden"
                  }
                }
              },
              "head": {
                "operationId": "gatewayAuthHead",
                "summary": "Verify a request's key for a gateway.",
                "description": "For nginx auth_request, Envoy ext_authz, Traefik ForwardAuth. The key is the credential: Bearer, else X-API-Key.",
                "tags": [
                  "verification"
                ],
                "security": [
                  {
                    "gatewayKeyBearer": []
                  },
                  {
                    "gatewayKeyHeader": []
                  }
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ScopesHeader"
                  },
                  {
                    "$ref": "#/components/parameters/OriginalURI"
                  },
                  {
                    "$ref": "#/components/parameters/ForwardedUri"
                  }
                ],
                "responses": {
                  "200": {
                    "$ref": "#/components/responses/GatewayValid"
                  },
                  "400": {
                    "$ref": "#/components/responses/GatewayBadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/GatewayUnauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/GatewayForbidden"
                  }
                }
              },
              "options": {
                "operationId": "gatewayAuthOptions",
                "summary": "Verify a request's key for a gateway.",
                "description": "For nginx auth_request, Envoy ext_authz, Traefik ForwardAuth. The key is the credential: Bearer, else X-API-Key.",
                "tags": [
                  "verification"
                ],
                "security": [
                  {
                    "gatewayKeyBearer": []
                  },
                  {
                    "gatewayKeyHeader": []
                  }
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ScopesHeader"
                  },
                  {
                    "$ref": "#/components/parameters/OriginalURI"
                  },
                  {
                    "$ref": "#/components/parameters/ForwardedUri"
                  }
                ],
                "responses": {
                  "200": {
                    "$ref": "#/components/responses/GatewayValid"
                  },
                  "400": {
                    "$ref": "#/components/responses/GatewayBadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/GatewayUnauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/GatewayForbidden"
                  }
                }
              }
            },
            "/v1/leaks": {
              "post": {
                "operationId": "reportLeaks",
                "summary": "Report exposed keys; each known Keyward key among them is revoked.",
                "description": "Scope `leaks:report`. Each reported string that is a key of this store is revoked at once with `revokeReason` `leaked: <source>`, whatever its state; a key revoked before keeps its first revocation. The answer never holds a key.",
                "x-keyward-scope": "leaks:report",
                "tags": [
                  "leaks"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/LeakReport"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "What was done.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/LeakReportResult"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "500": {
                    "$ref": "#/components/responses/Failure"
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "managementToken": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "kwm_…",
                "description": "A management token; each route names the scope it needs."
              },
              "gatewayKeyBearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "An issued key (`/v1/auth`)."
              },
              "gatewayKeyHeader": {
                "type": "apiKey",
                "in": "header",
                "name": "X-API-Key",
                "description": "An issued key (`/v1/auth`), when there is no Bearer credential."
              }
            },
            "schemas": {
              "Scope": {
                "type": "string",
                "maxLength": 200,
                "pattern": "^[0-9A-Za-z._/*-]+(:[0-9A-Za-z._/*-]+){0,15}$",
                "description": "Segments of A-Z a-z 0-9 . _ - / * joined by `:`. See docs/api.md."
              },
              "Problem": {
                "type": "object",
                "description": "RFC 9457 problem details.",
                "required": [
                  "type",
                  "title",
                  "status",
                  "detail",
                  "code"
                ],
                "properties": {
                  "type": {
                    "type": "string",
                    "description": "`urn:keyward:problem:` + code in lower case with `-` for `_`.",
                    "examples": [
                      "urn:keyward:problem:unknown-field"
                    ]
                  },
                  "title": {
                    "type": "string",
                    "description": "The HTTP reason phrase."
                  },
                  "status": {
                    "type": "integer"
                  },
                  "detail": {
                    "type": "string",
                    "description": "For 5xx answers a generic text; the server log has the rest."
                  },
                  "code": {
                    "type": "string",
                    "description": "Stable upper-case identifier.",
                    "examples": [
                      "UNKNOWN_FIELD"
                    ]
                  },
                  "field": {
                    "type": "string",
                    "description": "The request field or parameter at fault; present only when one is."
                  }
                }
              },
              "Keyspace": {
                "type": "object",
                "required": [
                  "id",
                  "name",
                  "prefix",
                  "scopes",
                  "maxLifetime",
                  "rotationPeriod",
                  "requireExpiry",
                  "createdAt",
                  "updatedAt"
                ],
                "properties": {
                  "id": {
                    "type": "string",
                    "pattern": "^ks_[0-9A-Za-z]{22}$"
                  },
                  "name": {
                    "type": "string"
                  },
                  "prefix": {
                    "type": "string"
                  },
                  "scopes": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100,
                    "description": "Scopes a new key gets when its request names none."
                  },
                  "maxLifetime": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 32,
                    "pattern": "^([0-9]+[smhdw])+$",
                    "description": "Units s, m, h, d, w (`30s`, `24h`, `90d`, `1h30m`); above 0, at most 100 years.",
                    "examples": [
                      "90d"
                    ]
                  },
                  "rotationPeriod": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 32,
                    "pattern": "^([0-9]+[smhdw])+$",
                    "description": "Units s, m, h, d, w (`30s`, `24h`, `90d`, `1h30m`); above 0, at most 100 years.",
                    "examples": [
                      "90d"
                    ]
                  },
                  "requireExpiry": {
                    "type": "boolean"
                  },
                  "createdAt": {
                    "type": "string",
                    "format": "date-time",
                    "description": "RFC 3339, UTC."
                  },
                  "updatedAt": {
                    "type": "string",
                    "format": "date-time",
                    "description": "RFC 3339, UTC."
                  }
                }
              },
              "KeyspaceCreate": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "name"
                ],
                "properties": {
                  "name": {
                    "type": "string",
                    "maxLength": 64,
                    "pattern": "^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$",
                    "description": "Unique."
                  },
                  "prefix": {
                    "type": "string",
                    "maxLength": 32,
                    "pattern": "^[a-z][a-z0-9]{1,15}(_[a-z][a-z0-9]{1,15})*$",
                    "description": "Default `kw`. The first segment `kwm` is reserved."
                  },
                  "scopes": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100
                  },
                  "maxLifetime": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 32,
                    "pattern": "^([0-9]+[smhdw])+$",
                    "description": "A duration (see Keyspace); null clears it.",
                    "examples": [
                      "90d"
                    ]
                  },
                  "rotationPeriod": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 32,
                    "pattern": "^([0-9]+[smhdw])+$",
                    "description": "A duration (see Keyspace); null clears it.",
                    "examples": [
                      "90d"
                    ]
                  },
                  "requireExpiry": {
                    "type": [
                      "boolean",
                      "null"
                    ]
                  }
                }
              },
              "KeyspaceUpdate": {
                "type": "object",
                "additionalProperties": false,
                "description": "Absent fields stay as they are. A new prefix applies to keys issued later.",
                "properties": {
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 64,
                    "pattern": "^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$"
                  },
                  "prefix": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 32,
                    "pattern": "^[a-z][a-z0-9]{1,15}(_[a-z][a-z0-9]{1,15})*$"
                  },
                  "scopes": {
                    "type": [
                      "array",
                      "null"
                    ],
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100
                  },
                  "maxLifetime": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 32,
                    "pattern": "^([0-9]+[smhdw])+$",
                    "description": "A duration (see Keyspace); null clears it.",
                    "examples": [
                      "90d"
                    ]
                  },
                  "rotationPeriod": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 32,
                    "pattern": "^([0-9]+[smhdw])+$",
                    "description": "A duration (see Keyspace); null clears it.",
                    "examples": [
                      "90d"
                    ]
                  },
                  "requireExpiry": {
                    "type": [
                      "boolean",
                      "null"
                    ]
                  }
                }
              },
              "Key": {
                "type": "object",
                "description": "A key's record. Never the key or its hash.",
                "required": [
                  "id",
                  "keyspaceId",
                  "keyspace",
                  "start",
                  "name",
                  "owner",
                  "scopes",
                  "meta",
                  "expiresAt",
                  "enabled",
                  "state",
                  "createdAt",
                  "updatedAt",
                  "lastUsedAt",
                  "revokedAt",
                  "revokeReason",
                  "rotatedFrom",
                  "rotatedTo"
                ],
                "properties": {
                  "id": {
                    "type": "string",
                    "pattern": "^key_[0-9A-Za-z]{22}$"
                  },
                  "keyspaceId": {
                    "type": "string",
                    "pattern": "^ks_[0-9A-Za-z]{22}$"
                  },
                  "keyspace": {
                    "type": "string",
                    "description": "The keyspace's name."
                  },
                  "start": {
                    "type": "string",
                    "description": "Display form: prefix, `_`, first 4 random characters.",
                    "examples": [
                      "acme_live_3Fx9"
                    ]
                  },
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "owner": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "scopes": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100
                  },
                  "meta": {
                    "type": "object"
                  },
                  "expiresAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "RFC 3339, UTC, or null."
                  },
                  "enabled": {
                    "type": "boolean"
                  },
                  "state": {
                    "type": "string",
                    "enum": [
                      "active",
                      "disabled",
                      "expired",
                      "revoked"
                    ],
                    "description": "At the time of the answer; revoked beats disabled beats expired."
                  },
                  "createdAt": {
                    "type": "string",
                    "format": "date-time",
                    "description": "RFC 3339, UTC."
                  },
                  "updatedAt": {
                    "type": "string",
                    "format": "date-time",
                    "description": "RFC 3339, UTC."
                  },
                  "lastUsedAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "Last VALID verification; written about once a second."
                  },
                  "revokedAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "RFC 3339, UTC, or null."
                  },
                  "revokeReason": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "rotatedFrom": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Always null until rotation is built."
                  },
                  "rotatedTo": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Always null until rotation is built."
                  }
                }
              },
              "KeyCreated": {
                "description": "The new key's record and the key itself, shown this once.",
                "allOf": [
                  {
                    "$ref": "#/components/schemas/Key"
                  },
                  {
                    "type": "object",
                    "required": [
                      "key"
                    ],
                    "properties": {
                      "key": {
                        "type": "string",
                        "description": "The plaintext key. Store it now.",
                        "examples": [
                          "acme_live_…"
                        ]
                      }
                    }
                  }
                ]
              },
              "KeyCreate": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "keyspace"
                ],
                "description": "`ratelimits`, `ipAllowlist`, `quota`: UNKNOWN_FIELD (later versions).",
                "properties": {
                  "keyspace": {
                    "type": "string",
                    "maxLength": 64,
                    "description": "The keyspace's name or id."
                  },
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 256,
                    "description": "A name for people; null clears it."
                  },
                  "owner": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 256,
                    "description": "Free-form identity of the consumer; null clears it."
                  },
                  "scopes": {
                    "type": [
                      "array",
                      "null"
                    ],
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100,
                    "description": "Create: absent or null takes the keyspace's scopes. Update: null changes nothing."
                  },
                  "meta": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "description": "Free-form JSON object, at most 16 KiB encoded; null sets it to {}."
                  },
                  "expiresAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "In the future; keyspace policy applies (docs/api.md)."
                  },
                  "enabled": {
                    "type": [
                      "boolean",
                      "null"
                    ],
                    "description": "Default true; null leaves it unchanged."
                  }
                }
              },
              "KeyUpdate": {
                "type": "object",
                "additionalProperties": false,
                "description": "Absent fields stay. `ratelimits`, `ipAllowlist`, `quota`: UNKNOWN_FIELD (later).",
                "properties": {
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 256,
                    "description": "A name for people; null clears it."
                  },
                  "owner": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 256,
                    "description": "Free-form identity of the consumer; null clears it."
                  },
                  "scopes": {
                    "type": [
                      "array",
                      "null"
                    ],
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100,
                    "description": "Create: absent or null takes the keyspace's scopes. Update: null changes nothing."
                  },
                  "meta": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "description": "Free-form JSON object, at most 16 KiB encoded; null sets it to {}."
                  },
                  "expiresAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "In the future; keyspace policy applies (docs/api.md)."
                  },
                  "enabled": {
                    "type": [
                      "boolean",
                      "null"
                    ],
                    "description": "Default true; null leaves it unchanged."
                  }
                }
              },
              "RevokeRequest": {
                "type": "object",
                "additionalProperties": false,
                "description": "The body may also be empty.",
                "properties": {
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 512
                  }
                }
              },
              "Token": {
                "type": "object",
                "description": "A management token's record. Never the token or its hash.",
                "required": [
                  "id",
                  "start",
                  "name",
                  "scopes",
                  "expiresAt",
                  "createdAt",
                  "createdBy",
                  "revokedAt",
                  "state"
                ],
                "properties": {
                  "id": {
                    "type": "string",
                    "pattern": "^tok_[0-9A-Za-z]{22}$"
                  },
                  "start": {
                    "type": "string",
                    "examples": [
                      "kwm_3Fx9"
                    ]
                  },
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "scopes": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100
                  },
                  "expiresAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "RFC 3339, UTC, or null."
                  },
                  "createdAt": {
                    "type": "string",
                    "format": "date-time",
                    "description": "RFC 3339, UTC."
                  },
                  "createdBy": {
                    "type": "string",
                    "description": "The id of the token that created it, or `bootstrap`."
                  },
                  "revokedAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "RFC 3339, UTC, or null."
                  },
                  "state": {
                    "type": "string",
                    "enum": [
                      "active",
                      "expired",
                      "revoked"
                    ]
                  }
                }
              },
              "TokenCreated": {
                "description": "The new token's record and the token itself, shown this once.",
                "allOf": [
                  {
                    "$ref": "#/components/schemas/Token"
                  },
                  {
                    "type": "object",
                    "required": [
                      "token"
                    ],
                    "properties": {
                      "token": {
                        "type": "string",
                        "description": "The plaintext token (`kwm_…`). Store it now."
                      }
                    }
                  }
                ]
              },
              "TokenCreate": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "scopes"
                ],
                "properties": {
                  "scopes": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100,
                    "minItems": 1,
                    "description": "Only scopes the calling token holds itself."
                  },
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 256
                  },
                  "ttl": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 32,
                    "pattern": "^([0-9]+[smhdw])+$",
                    "description": "Lifetime from now; absent: no expiry.",
                    "examples": [
                      "90d"
                    ]
                  }
                }
              },
              "VerifyRequest": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "key"
                ],
                "properties": {
                  "key": {
                    "type": "string",
                    "description": "The key to verify. Anything that is not a key, of any length, is a MALFORMED answer, not an input error."
                  },
                  "keyspace": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 64,
                    "description": "Name or id; a key of another keyspace is NOT_FOUND."
                  },
                  "scopes": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "description": "A scope query: `docs:read AND (billing:read OR admin)`.",
                    "examples": [
                      "docs:read AND (billing:read OR admin)"
                    ]
                  },
                  "ip": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 64,
                    "description": "The client's IPv4 or IPv6 address. Checked for form; not used until IP allowlists arrive."
                  },
                  "cost": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 0,
                    "maximum": 1000000,
                    "description": "Default 1. Accepted; not used until rate limits and quotas arrive."
                  }
                }
              },
              "VerifyResponse": {
                "type": "object",
                "required": [
                  "valid",
                  "code"
                ],
                "description": "Fields beyond `valid` and `code` are present when the key was found (every code after NOT_FOUND).",
                "properties": {
                  "valid": {
                    "type": "boolean"
                  },
                  "code": {
                    "type": "string",
                    "enum": [
                      "MALFORMED",
                      "SOURCE_BLOCKED",
                      "NOT_FOUND",
                      "REVOKED",
                      "DISABLED",
                      "EXPIRED",
                      "IP_NOT_ALLOWED",
                      "INSUFFICIENT_SCOPE",
                      "RATE_LIMITED",
                      "USAGE_EXCEEDED",
                      "VALID"
                    ]
                  },
                  "keyId": {
                    "type": "string"
                  },
                  "keyspace": {
                    "type": "string",
                    "description": "The keyspace's name."
                  },
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "owner": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "scopes": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Scope"
                    },
                    "maxItems": 100
                  },
                  "meta": {
                    "type": "object"
                  },
                  "expiresAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "RFC 3339, UTC, or null."
                  },
                  "ratelimits": {
                    "type": "array",
                    "description": "Always empty until rate limits arrive.",
                    "items": {
                      "type": "object",
                      "properties": {
                        "name": {
                          "type": "string"
                        },
                        "limit": {
                          "type": "integer"
                        },
                        "remaining": {
                          "type": "integer"
                        },
                        "resetAt": {
                          "type": "string",
                          "format": "date-time",
                          "description": "RFC 3339, UTC."
                        }
                      }
                    }
                  }
                }
              },
              "Status": {
                "type": "object",
                "required": [
                  "status"
                ],
                "properties": {
                  "status": {
                    "type": "string",
                    "enum": [
                      "ok",
                      "ready"
                    ]
                  }
                }
              },
              "KeyspaceList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Keyspace"
                    }
                  },
                  "nextCursor": {
                    "type": "string",
                    "description": "Absent on the last page; pass it back as `cursor`."
                  }
                }
              },
              "KeyList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Key"
                    }
                  },
                  "nextCursor": {
                    "type": "string",
                    "description": "Absent on the last page; pass it back as `cursor`."
                  }
                }
              },
              "TokenList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Token"
                    }
                  },
                  "nextCursor": {
                    "type": "string",
                    "description": "Absent on the last page; pass it back as `cursor`."
                  }
                }
              },
              "LeakReport": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "keys"
                ],
                "properties": {
                  "keys": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 1000,
                    "items": {
                      "type": "string"
                    },
                    "description": "The exposed keys; any strings."
                  },
                  "source": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 512,
                    "description": "Where they were found; kept in revokeReason."
                  }
                }
              },
              "LeakReportResult": {
                "type": "object",
                "required": [
                  "revoked",
                  "alreadyRevoked",
                  "notFound",
                  "malformed"
                ],
                "properties": {
                  "revoked": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Key"
                    },
                    "description": "Keys revoked by this report."
                  },
                  "alreadyRevoked": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Key"
                    },
                    "description": "Keys revoked before this report."
                  },
                  "notFound": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Strings of the key format that match no key of this store."
                  },
                  "malformed": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Strings that are not keys."
                  }
                }
              }
            },
            "headers": {
              "X-Keyward-Code": {
                "description": "The verification code, or MISSING_KEY, KEY_IN_URL, INVALID_SCOPE_QUERY.",
                "schema": {
                  "type": "string"
                }
              },
              "Cache-Control": {
                "schema": {
                  "type": "string",
                  "const": "no-store"
                }
              },
              "X-Keyward-Key-Id": {
                "schema": {
                  "type": "string"
                }
              },
              "X-Keyward-Owner": {
                "description": "When the key has an owner; bytes outside visible ASCII, and %, percent-encoded.",
                "schema": {
                  "type": "string"
                }
              },
              "X-Keyward-Scopes": {
                "description": "The key's scopes, separated by spaces.",
                "schema": {
                  "type": "string"
                }
              },
              "WWW-Authenticate": {
                "description": "`Bearer` (MISSING_KEY) or `Bearer error=\"invalid_token\"`.",
                "schema": {
                  "type": "string"
                }
              }
            },
            "parameters": {
              "limit": {
                "name": "limit",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000,
                  "default": 100
                }
              },
              "cursor": {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "`nextCursor` of the previous page.",
                "schema": {
                  "type": "string",
                  "maxLength": 64,
                  "pattern": "^[0-9A-Za-z_]+$"
                }
              },
              "keyspaceRef": {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The keyspace's id or name.",
                "schema": {
                  "type": "string"
                }
              },
              "keyId": {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string",
                  "examples": [
                    "key_…"
                  ]
                }
              },
              "tokenId": {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string",
                  "examples": [
                    "tok_…"
                  ]
                }
              },
              "ScopesHeader": {
                "name": "X-Keyward-Scopes",
                "in": "header",
                "required": false,
                "description": "A scope query the key must satisfy.",
                "schema": {
                  "type": "string",
                  "maxLength": 2000
                }
              },
              "OriginalURI": {
                "name": "X-Original-URI",
                "in": "header",
                "required": false,
                "description": "A key-shaped string in its query string is KEY_IN_URL.",
                "schema": {
                  "type": "string"
                }
              },
              "ForwardedUri": {
                "name": "X-Forwarded-Uri",
                "in": "header",
                "required": false,
                "description": "As X-Original-URI (Traefik).",
                "schema": {
                  "type": "string"
                }
              }
            },
            "responses": {
              "BadRequest": {
                "description": "Input error (INVALID_JSON, INVALID_FIELD, UNKNOWN_FIELD, …; docs/api.md).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Unauthenticated": {
                "description": "MISSING_TOKEN or INVALID_TOKEN (unknown, malformed, revoked or expired: one answer).",
                "headers": {
                  "WWW-Authenticate": {
                    "schema": {
                      "type": "string",
                      "const": "Bearer"
                    }
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Forbidden": {
                "description": "INSUFFICIENT_SCOPE: the token lacks the scope.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "NotFound": {
                "description": "NOT_FOUND: no such record.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Conflict": {
                "description": "ALREADY_EXISTS or CONFLICT.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "TooLarge": {
                "description": "BODY_TOO_LARGE: the body exceeds 65536 bytes.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Failure": {
                "description": "Keyward failed (STORAGE_FAILURE, INTERNAL, …); the detail is generic.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "GatewayValid": {
                "description": "VALID. Empty body.",
                "headers": {
                  "X-Keyward-Code": {
                    "$ref": "#/components/headers/X-Keyward-Code"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "X-Keyward-Key-Id": {
                    "$ref": "#/components/headers/X-Keyward-Key-Id"
                  },
                  "X-Keyward-Owner": {
                    "$ref": "#/components/headers/X-Keyward-Owner"
                  },
                  "X-Keyward-Scopes": {
                    "$ref": "#/components/headers/X-Keyward-Scopes"
                  }
                }
              },
              "GatewayBadRequest": {
                "description": "KEY_IN_URL or INVALID_SCOPE_QUERY. Empty body.",
                "headers": {
                  "X-Keyward-Code": {
                    "$ref": "#/components/headers/X-Keyward-Code"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  }
                }
              },
              "GatewayUnauthorized": {
                "description": "MISSING_KEY, MALFORMED, NOT_FOUND, REVOKED, DISABLED or EXPIRED. Empty body.",
                "headers": {
                  "X-Keyward-Code": {
                    "$ref": "#/components/headers/X-Keyward-Code"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "WWW-Authenticate": {
                    "$ref": "#/components/headers/WWW-Authenticate"
                  }
                }
              },
              "GatewayForbidden": {
                "description": "INSUFFICIENT_SCOPE. Empty body.",
                "headers": {
                  "X-Keyward-Code": {
                    "$ref": "#/components/headers/X-Keyward-Code"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  }
                }
              }
            }
          }
        }
        """#
}
