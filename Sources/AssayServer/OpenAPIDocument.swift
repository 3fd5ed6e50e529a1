/// The OpenAPI 3.1 description of the dashboard API, served at `/api/openapi.json`. Kept beside ``API``: a route added
/// there is described here.
enum OpenAPIDocument {
    static let json = #"""
{
 "components": {
  "schemas": {
   "Error": {
    "properties": {
     "error": {
      "type": "string"
     }
    },
    "required": [
     "error"
    ],
    "type": "object"
   },
   "Message": {
    "properties": {
     "content": {
      "type": "string"
     },
     "role": {
      "enum": [
       "system",
       "user",
       "assistant"
      ],
      "type": "string"
     }
    },
    "required": [
     "role",
     "content"
    ],
    "type": "object"
   },
   "Metric": {
    "properties": {
     "abstained": {
      "type": "integer"
     },
     "ci_high": {
      "type": [
       "number",
       "null"
      ]
     },
     "ci_low": {
      "type": [
       "number",
       "null"
      ]
     },
     "method": {
      "enum": [
       "clt",
       "wilson",
       "clustered",
       "bootstrap"
      ],
      "type": "string"
     },
     "n": {
      "description": "items (epochs averaged per item first)",
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "scorer": {
      "type": "string"
     },
     "stderr": {
      "type": [
       "number",
       "null"
      ]
     },
     "value": {
      "type": [
       "number",
       "null"
      ]
     }
    },
    "required": [
     "name",
     "scorer",
     "n",
     "method",
     "abstained"
    ],
    "type": "object"
   },
   "Progress": {
    "properties": {
     "cached": {
      "type": "integer"
     },
     "done": {
      "type": "integer"
     },
     "errors": {
      "type": "integer"
     },
     "eta": {
      "description": "seconds",
      "type": [
       "number",
       "null"
      ]
     },
     "rate": {
      "description": "samples per second",
      "type": "number"
     },
     "run": {
      "type": "string"
     },
     "status": {
      "type": "string"
     },
     "total": {
      "type": "integer"
     }
    },
    "required": [
     "run",
     "status",
     "done",
     "total",
     "errors",
     "cached",
     "rate"
    ],
    "type": "object"
   },
   "RunDetail": {
    "properties": {
     "epochs": {
      "type": "integer"
     },
     "limit": {
      "type": [
       "integer",
       "null"
      ]
     },
     "metrics": {
      "items": {
       "$ref": "#/components/schemas/Metric"
      },
      "type": "array"
     },
     "progress": {
      "$ref": "#/components/schemas/Progress"
     },
     "run": {
      "$ref": "#/components/schemas/RunSummary"
     },
     "scorers": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "seed": {
      "type": "integer"
     }
    },
    "required": [
     "run",
     "epochs",
     "seed",
     "scorers",
     "metrics",
     "progress"
    ],
    "type": "object"
   },
   "RunSummary": {
    "properties": {
     "created_at": {
      "format": "date-time",
      "type": "string"
     },
     "errors": {
      "type": "integer"
     },
     "finished_at": {
      "format": "date-time",
      "type": [
       "string",
       "null"
      ]
     },
     "id": {
      "type": "string"
     },
     "model": {
      "type": "string"
     },
     "samples": {
      "type": "integer"
     },
     "status": {
      "enum": [
       "running",
       "completed",
       "failed",
       "interrupted"
      ],
      "type": "string"
     },
     "suite": {
      "type": "string"
     },
     "suite_version": {
      "type": "string"
     }
    },
    "required": [
     "id",
     "suite",
     "suite_version",
     "model",
     "status",
     "created_at",
     "samples",
     "errors"
    ],
    "type": "object"
   },
   "Sample": {
    "properties": {
     "attempts": {
      "type": "integer"
     },
     "cached": {
      "type": "boolean"
     },
     "choice_loglikelihoods": {
      "items": {
       "type": "number"
      },
      "type": [
       "array",
       "null"
      ]
     },
     "epoch": {
      "type": "integer"
     },
     "error": {
      "type": [
       "string",
       "null"
      ]
     },
     "item": {
      "type": "string"
     },
     "latency": {
      "type": "number"
     },
     "logprobs": {
      "items": {
       "properties": {
        "logprob": {
         "type": "number"
        },
        "token": {
         "type": "string"
        }
       },
       "type": "object"
      },
      "type": [
       "array",
       "null"
      ]
     },
     "messages": {
      "items": {
       "$ref": "#/components/schemas/Message"
      },
      "type": "array"
     },
     "response": {
      "type": [
       "string",
       "null"
      ]
     },
     "scores": {
      "items": {
       "$ref": "#/components/schemas/Score"
      },
      "type": "array"
     },
     "target_loglikelihood": {
      "type": [
       "number",
       "null"
      ]
     }
    },
    "required": [
     "item",
     "epoch",
     "messages",
     "attempts",
     "latency",
     "cached",
     "scores"
    ],
    "type": "object"
   },
   "SamplePage": {
    "properties": {
     "limit": {
      "type": "integer"
     },
     "offset": {
      "type": "integer"
     },
     "samples": {
      "items": {
       "$ref": "#/components/schemas/Sample"
      },
      "type": "array"
     },
     "total": {
      "type": "integer"
     }
    },
    "required": [
     "total",
     "offset",
     "limit",
     "samples"
    ],
    "type": "object"
   },
   "Score": {
    "properties": {
     "explanation": {
      "type": [
       "string",
       "null"
      ]
     },
     "scorer": {
      "type": "string"
     },
     "value": {
      "type": [
       "number",
       "null"
      ]
     },
     "verdict": {
      "enum": [
       "pass",
       "fail",
       "abstain",
       "value"
      ],
      "type": "string"
     }
    },
    "required": [
     "scorer",
     "verdict"
    ],
    "type": "object"
   },
   "SuiteDetail": {
    "properties": {
     "config": {
      "type": "object"
     },
     "description": {
      "type": "string"
     },
     "items": {
      "items": {
       "type": "object"
      },
      "type": "array"
     },
     "name": {
      "type": "string"
     },
     "offset": {
      "type": "integer"
     },
     "parent": {
      "type": [
       "string",
       "null"
      ]
     },
     "total": {
      "type": "integer"
     },
     "version": {
      "type": "string"
     }
    },
    "required": [
     "name",
     "version",
     "description",
     "config",
     "total",
     "offset",
     "items"
    ],
    "type": "object"
   },
   "SuiteVersion": {
    "properties": {
     "created_at": {
      "format": "date-time",
      "type": "string"
     },
     "items": {
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "parent": {
      "type": [
       "string",
       "null"
      ]
     },
     "version": {
      "type": "string"
     }
    },
    "required": [
     "name",
     "version",
     "items",
     "created_at"
    ],
    "type": "object"
   }
  }
 },
 "info": {
  "description": "Read-only JSON over the Assay store. Numbers that cannot be computed are null. Every string may come from a model or a dataset: treat it as untrusted.",
  "title": "Assay dashboard API",
  "version": "1"
 },
 "openapi": "3.1.0",
 "paths": {
  "/api/runs": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "limit",
      "schema": {
       "default": 100,
       "maximum": 1000,
       "minimum": 1,
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "items": {
          "$ref": "#/components/schemas/RunSummary"
         },
         "type": "array"
        }
       }
      },
      "description": "OK"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "not found"
     }
    },
    "summary": "Runs, newest first"
   }
  },
  "/api/runs/{id}": {
   "get": {
    "parameters": [
     {
      "description": "Run id or unique prefix",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RunDetail"
        }
       }
      },
      "description": "OK"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "not found"
     }
    },
    "summary": "A run with its metrics and progress"
   }
  },
  "/api/runs/{id}/metrics": {
   "get": {
    "parameters": [
     {
      "description": "Run id or unique prefix",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "items": {
          "$ref": "#/components/schemas/Metric"
         },
         "type": "array"
        }
       }
      },
      "description": "OK"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "not found"
     }
    },
    "summary": "A run's metrics with standard errors and 95% intervals"
   }
  },
  "/api/runs/{id}/progress": {
   "get": {
    "parameters": [
     {
      "description": "Run id or unique prefix",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Progress"
        }
       }
      },
      "description": "OK"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "not found"
     }
    },
    "summary": "Live progress: the figures of the terminal progress bar"
   }
  },
  "/api/runs/{id}/samples": {
   "get": {
    "parameters": [
     {
      "description": "Run id or unique prefix",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "offset",
      "schema": {
       "default": 0,
       "minimum": 0,
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "limit",
      "schema": {
       "default": 50,
       "maximum": 500,
       "minimum": 1,
       "type": "integer"
      }
     },
     {
      "description": "error: failed requests; otherwise a score verdict, of `scorer` when given",
      "in": "query",
      "name": "verdict",
      "schema": {
       "enum": [
        "pass",
        "fail",
        "abstain",
        "value",
        "error"
       ],
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "scorer",
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "tag",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SamplePage"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "bad filter"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "not found"
     }
    },
    "summary": "A page of samples, in item then epoch order"
   }
  },
  "/api/runs/{id}/samples/{item}/{epoch}": {
   "get": {
    "parameters": [
     {
      "description": "Run id or unique prefix",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "path",
      "name": "item",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "path",
      "name": "epoch",
      "required": true,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Sample"
        }
       }
      },
      "description": "OK"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "not found"
     }
    },
    "summary": "One sample with its transcript and scores"
   }
  },
  "/api/suites": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "items": {
          "$ref": "#/components/schemas/SuiteVersion"
         },
         "type": "array"
        }
       }
      },
      "description": "OK"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "not found"
     }
    },
    "summary": "Stored suite versions, newest first"
   }
  },
  "/api/suites/{version}": {
   "get": {
    "parameters": [
     {
      "description": "Version hash or unique prefix",
      "in": "path",
      "name": "version",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "offset",
      "schema": {
       "default": 0,
       "minimum": 0,
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "limit",
      "schema": {
       "default": 50,
       "maximum": 500,
       "minimum": 1,
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SuiteDetail"
        }
       }
      },
      "description": "OK"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "not found"
     }
    },
    "summary": "A suite version with a page of its items and their provenance"
   }
  }
 }
}
"""#
}
