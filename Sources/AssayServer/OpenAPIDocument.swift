/// The OpenAPI 3.1 description of the dashboard API, served at `/api/openapi.json`. Kept beside ``API``: a route added
/// there is described here.
enum OpenAPIDocument {
    static let json = #"""
{
 "components": {
  "schemas": {
   "ArchiveCell": {
    "properties": {
     "cell": {
      "description": "one value per axis",
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "fitness": {
      "type": [
       "number",
       "null"
      ]
     },
     "item": {
      "description": "the elite's item id; null for an empty cell",
      "type": [
       "string",
       "null"
      ]
     },
     "prompt": {
      "type": [
       "string",
       "null"
      ]
     }
    },
    "required": [
     "cell"
    ],
    "type": "object"
   },
   "Backtest": {
    "properties": {
     "crossing_error": {
      "description": "predicted - observed on the fit's scale (decades for log10)",
      "type": "number"
     },
     "fitted_points": {
      "type": "integer"
     },
     "fraction": {
      "type": "number"
     },
     "held_out_points": {
      "type": "integer"
     },
     "mean_absolute_error": {
      "type": "number"
     },
     "observed_crossing": {
      "type": "number"
     },
     "predicted_crossing": {
      "type": "number"
     }
    },
    "required": [
     "fraction",
     "fitted_points",
     "held_out_points",
     "mean_absolute_error"
    ],
    "type": "object"
   },
   "ChangePoint": {
    "description": "An abrupt shift of a curve with its transition window",
    "properties": {
     "axis": {
      "description": "the first point after the shift",
      "type": "number"
     },
     "jump": {
      "type": "number"
     },
     "window_end": {
      "type": "number"
     },
     "window_start": {
      "type": "number"
     }
    },
    "required": [
     "axis",
     "jump",
     "window_start",
     "window_end"
    ],
    "type": "object"
   },
   "Comparison": {
    "description": "The output of assay compare --json",
    "properties": {
     "a": {
      "$ref": "#/components/schemas/ComparisonSide"
     },
     "alpha": {
      "type": "number"
     },
     "b": {
      "$ref": "#/components/schemas/ComparisonSide"
     },
     "distribution": {
      "$ref": "#/components/schemas/DistributionTest"
     },
     "flipped": {
      "items": {
       "$ref": "#/components/schemas/FlippedItem"
      },
      "type": "array"
     },
     "metrics": {
      "items": {
       "$ref": "#/components/schemas/PairedComparison"
      },
      "type": "array"
     },
     "only_in_a": {
      "type": "integer"
     },
     "only_in_b": {
      "type": "integer"
     },
     "shared_items": {
      "type": "integer"
     },
     "shift": {
      "description": "behaviour-shift profile",
      "items": {
       "$ref": "#/components/schemas/PairedComparison"
      },
      "type": "array"
     }
    },
    "required": [
     "a",
     "b",
     "shared_items",
     "only_in_a",
     "only_in_b",
     "metrics",
     "shift",
     "flipped",
     "distribution",
     "alpha"
    ],
    "type": "object"
   },
   "ComparisonSide": {
    "properties": {
     "errors": {
      "type": "integer"
     },
     "model": {
      "type": "string"
     },
     "run": {
      "type": "string"
     },
     "samples": {
      "type": "integer"
     },
     "suite": {
      "type": "string"
     },
     "suite_version": {
      "type": "string"
     }
    },
    "required": [
     "run",
     "model",
     "suite",
     "suite_version",
     "samples",
     "errors"
    ],
    "type": "object"
   },
   "CurvePoint": {
    "properties": {
     "axis": {
      "type": "number"
     },
     "n": {
      "type": "integer"
     },
     "stderr": {
      "type": "number"
     },
     "value": {
      "type": "number"
     }
    },
    "required": [
     "axis",
     "value",
     "n"
    ],
    "type": "object"
   },
   "DimensionEstimate": {
    "properties": {
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
     "group": {
      "type": [
       "string",
       "null"
      ]
     },
     "method": {
      "description": "wilson, clt, paired, unpaired, bootstrap, permutation or fit",
      "type": "string"
     },
     "n": {
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "p_value": {
      "type": [
       "number",
       "null"
      ]
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
     },
     "x": {
      "description": "position on a curve (shots, task length, minutes)",
      "type": [
       "number",
       "null"
      ]
     }
    },
    "required": [
     "name",
     "value",
     "n",
     "method"
    ],
    "type": "object"
   },
   "DimensionReport": {
    "properties": {
     "counts": {
      "additionalProperties": {
       "additionalProperties": {
        "type": "integer"
       },
       "type": "object"
      },
      "description": "group → category → count",
      "type": "object"
     },
     "estimates": {
      "items": {
       "$ref": "#/components/schemas/DimensionEstimate"
      },
      "type": "array"
     },
     "kind": {
      "enum": [
       "omission",
       "honesty",
       "goodhart",
       "learning",
       "horizon",
       "persistence"
      ],
      "type": "string"
     },
     "notes": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "run": {
      "type": "string"
     }
    },
    "required": [
     "kind",
     "run",
     "estimates",
     "counts",
     "notes"
    ],
    "type": "object"
   },
   "DistributionTest": {
    "properties": {
     "identical_share": {
      "description": "share of prompts whose completions are the same text in both runs",
      "type": [
       "number",
       "null"
      ]
     },
     "note": {
      "description": "why the test could not run",
      "type": [
       "string",
       "null"
      ]
     },
     "p_value": {
      "type": [
       "number",
       "null"
      ]
     },
     "permutations": {
      "type": "integer"
     },
     "positions": {
      "type": "integer"
     },
     "prompts": {
      "type": "integer"
     },
     "statistic": {
      "description": "MMD² estimate",
      "type": [
       "number",
       "null"
      ]
     },
     "testable": {
      "type": "boolean"
     }
    },
    "required": [
     "testable",
     "statistic",
     "p_value",
     "prompts",
     "permutations",
     "positions",
     "identical_share",
     "note"
    ],
    "type": "object"
   },
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
   "Evolution": {
    "properties": {
     "budget": {
      "type": [
       "integer",
       "null"
      ]
     },
     "created_at": {
      "format": "date-time",
      "type": "string"
     },
     "id": {
      "type": "string"
     },
     "promoted_version": {
      "type": [
       "string",
       "null"
      ]
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
     },
     "target": {
      "type": "string"
     },
     "target_queries": {
      "description": "null when the stored state cannot be read",
      "type": [
       "integer",
       "null"
      ]
     },
     "updated_at": {
      "format": "date-time",
      "type": "string"
     },
     "validated": {
      "type": [
       "integer",
       "null"
      ]
     }
    },
    "required": [
     "id",
     "status",
     "suite",
     "suite_version",
     "target",
     "created_at",
     "updated_at"
    ],
    "type": "object"
   },
   "EvolutionDetail": {
    "properties": {
     "axes": {
      "items": {
       "properties": {
        "name": {
         "type": "string"
        },
        "values": {
         "items": {
          "type": "string"
         },
         "type": "array"
        }
       },
       "required": [
        "name",
        "values"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "cells": {
      "description": "every cell of the archive, first axis varying slowest",
      "items": {
       "$ref": "#/components/schemas/ArchiveCell"
      },
      "type": "array"
     },
     "evolution": {
      "$ref": "#/components/schemas/Evolution"
     },
     "findings": {
      "items": {
       "$ref": "#/components/schemas/Finding"
      },
      "type": "array"
     },
     "operators": {
      "items": {
       "type": "string"
      },
      "type": [
       "array",
       "null"
      ]
     },
     "stop_reason": {
      "type": [
       "string",
       "null"
      ]
     },
     "strategy": {
      "type": [
       "string",
       "null"
      ]
     },
     "summary": {
      "$ref": "#/components/schemas/EvolutionSummary"
     },
     "threshold": {
      "type": "number"
     }
    },
    "required": [
     "evolution",
     "threshold",
     "summary",
     "axes",
     "cells",
     "findings"
    ],
    "type": "object"
   },
   "EvolutionSummary": {
    "properties": {
     "attack_success_rate": {
      "description": "share of judged responses that were failures",
      "type": "number"
     },
     "attacker_queries": {
      "type": "integer"
     },
     "candidates": {
      "description": "findings not validated yet",
      "type": "integer"
     },
     "coverage": {
      "description": "share of archive cells holding a validated failure",
      "type": "number"
     },
     "distinct_per_1000_queries": {
      "type": "number"
     },
     "distinct_validated": {
      "type": "integer"
     },
     "diversity": {
      "type": "number"
     },
     "evaluated": {
      "type": "integer"
     },
     "families": {
      "additionalProperties": {
       "type": "integer"
      },
      "description": "distinct validated failures per weakness family",
      "type": "object"
     },
     "filled_cells": {
      "type": "integer"
     },
     "flaky": {
      "type": "integer"
     },
     "judge_queries": {
      "type": "integer"
     },
     "judged": {
      "type": "integer"
     },
     "qd_score": {
      "description": "sum over cells of the best validated failure's fitness",
      "type": "number"
     },
     "target_queries": {
      "type": "integer"
     },
     "total_cells": {
      "type": "integer"
     },
     "unconfirmed": {
      "type": "integer"
     },
     "validated": {
      "type": "integer"
     }
    },
    "required": [
     "target_queries",
     "attacker_queries",
     "judge_queries",
     "evaluated",
     "judged",
     "attack_success_rate",
     "coverage",
     "filled_cells",
     "total_cells",
     "qd_score",
     "validated",
     "flaky",
     "unconfirmed",
     "candidates",
     "distinct_validated",
     "distinct_per_1000_queries",
     "diversity",
     "families"
    ],
    "type": "object"
   },
   "Finding": {
    "properties": {
     "cell": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "family": {
      "description": "the operator that first made the target fail, or direct",
      "type": "string"
     },
     "fitness": {
      "type": "number"
     },
     "found_at_query": {
      "type": "integer"
     },
     "item": {
      "type": "string"
     },
     "prompt": {
      "type": "string"
     },
     "rerun_failures": {
      "type": "integer"
     },
     "reruns": {
      "type": "integer"
     },
     "status": {
      "enum": [
       "candidate",
       "validated",
       "flaky",
       "unconfirmed"
      ],
      "type": "string"
     },
     "verdicts": {
      "items": {
       "type": "string"
      },
      "type": "array"
     }
    },
    "required": [
     "item",
     "prompt",
     "cell",
     "status",
     "family",
     "fitness",
     "reruns",
     "rerun_failures",
     "verdicts",
     "found_at_query"
    ],
    "type": "object"
   },
   "FlippedItem": {
    "properties": {
     "a": {
      "enum": [
       "pass",
       "fail",
       "abstain",
       "value"
      ],
      "type": "string"
     },
     "b": {
      "enum": [
       "pass",
       "fail",
       "abstain",
       "value"
      ],
      "type": "string"
     },
     "item_id": {
      "type": "string"
     },
     "scorer": {
      "type": "string"
     },
     "tags": {
      "items": {
       "type": "string"
      },
      "type": "array"
     }
    },
    "required": [
     "item_id",
     "scorer",
     "a",
     "b",
     "tags"
    ],
    "type": "object"
   },
   "Forecast": {
    "properties": {
     "forecast": {
      "$ref": "#/components/schemas/ForecastResult"
     },
     "metric": {
      "type": "string"
     },
     "series": {
      "type": "string"
     }
    },
    "required": [
     "series",
     "metric",
     "forecast"
    ],
    "type": "object"
   },
   "ForecastResult": {
    "description": "A logistic fit and its threshold crossing (as assay forecast --json); absent fields could not be computed",
    "properties": {
     "already_crossed_at": {
      "type": "number"
     },
     "backtest": {
      "$ref": "#/components/schemas/Backtest"
     },
     "bootstrap_fits": {
      "type": "integer"
     },
     "crossing": {
      "type": "number"
     },
     "crossing_high": {
      "description": "95% bootstrap quantile of the crossing",
      "type": "number"
     },
     "crossing_low": {
      "description": "5% bootstrap quantile of the crossing",
      "type": "number"
     },
     "extrapolated": {
      "type": "boolean"
     },
     "midpoint": {
      "type": "number"
     },
     "note": {
      "type": "string"
     },
     "points": {
      "type": "integer"
     },
     "scale": {
      "enum": [
       "log10",
       "linear"
      ],
      "type": "string"
     },
     "slope": {
      "type": "number"
     },
     "threshold": {
      "type": "number"
     }
    },
    "required": [
     "scale",
     "threshold",
     "extrapolated",
     "points",
     "bootstrap_fits"
    ],
    "type": "object"
   },
   "GrokkingReport": {
    "description": "Delayed generalization read off train/accuracy and test/accuracy (as assay changepoints --json); absent fields could not be computed",
    "properties": {
     "accuracy_moved": {
      "type": "number"
     },
     "continuous_metric": {
      "type": "string"
     },
     "continuous_moved": {
      "type": "number"
     },
     "grokking": {
      "type": "boolean"
     },
     "lead": {
      "type": "number"
     },
     "memorization_phase": {
      "type": "number"
     },
     "onset": {
      "$ref": "#/components/schemas/ChangePoint"
     },
     "run_length": {
      "type": "number"
     },
     "test_crosses_half": {
      "type": "number"
     },
     "train_saturated": {
      "type": "number"
     }
    },
    "required": [
     "run_length",
     "grokking"
    ],
    "type": "object"
   },
   "LadderVerdict": {
    "description": "The emergence verdict of a discrete metric against its continuous companion (as assay ladder --json)",
    "properties": {
     "consistent": {
      "type": [
       "boolean",
       "null"
      ]
     },
     "continuous": {
      "type": "string"
     },
     "continuous_curve": {
      "items": {
       "$ref": "#/components/schemas/CurvePoint"
      },
      "type": "array"
     },
     "continuous_sharpness": {
      "type": [
       "number",
       "null"
      ]
     },
     "discrete": {
      "type": "string"
     },
     "discrete_curve": {
      "items": {
       "$ref": "#/components/schemas/CurvePoint"
      },
      "type": "array"
     },
     "discrete_sharpness": {
      "type": [
       "number",
       "null"
      ]
     },
     "evidence": {
      "type": "string"
     },
     "predicted": {
      "description": "exact match predicted as p^L; null without a target length",
      "oneOf": [
       {
        "items": {
         "$ref": "#/components/schemas/CurvePoint"
        },
        "type": "array"
       },
       {
        "type": "null"
       }
      ]
     },
     "verdict": {
      "enum": [
       "smooth",
       "artifact",
       "transition",
       "undetermined"
      ],
      "type": "string"
     }
    },
    "required": [
     "discrete",
     "continuous",
     "discrete_curve",
     "continuous_curve",
     "verdict",
     "evidence"
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
   "PairedComparison": {
    "description": "One paired comparison (a - b) of a scorer's metric or a behaviour feature, over all shared items or one tag",
    "properties": {
     "a": {
      "type": [
       "number",
       "null"
      ]
     },
     "b": {
      "type": [
       "number",
       "null"
      ]
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
     "correlation": {
      "type": [
       "number",
       "null"
      ]
     },
     "difference": {
      "description": "a - b",
      "type": [
       "number",
       "null"
      ]
     },
     "discordant": {
      "description": "McNemar only: items passed only by a, only by b",
      "properties": {
       "a_only": {
        "type": "integer"
       },
       "b_only": {
        "type": "integer"
       }
      },
      "type": "object"
     },
     "n": {
      "type": "integer"
     },
     "name": {
      "description": "accuracy or mean for a scorer; a behaviour feature (refusal_rate, abstain_rate, response_words, hedging_rate, uncertainty_rate, error_rate)",
      "type": "string"
     },
     "p_value": {
      "type": [
       "number",
       "null"
      ]
     },
     "q_value": {
      "description": "Benjamini-Hochberg adjusted across the same table",
      "type": [
       "number",
       "null"
      ]
     },
     "scorer": {
      "description": "null for behaviour features",
      "type": [
       "string",
       "null"
      ]
     },
     "stderr": {
      "type": [
       "number",
       "null"
      ]
     },
     "tag": {
      "description": "null for all shared items",
      "type": [
       "string",
       "null"
      ]
     },
     "test": {
      "enum": [
       "mcnemar",
       "paired-bootstrap",
       "none"
      ],
      "type": "string"
     }
    },
    "required": [
     "name",
     "scorer",
     "tag",
     "a",
     "b",
     "difference",
     "stderr",
     "ci_low",
     "ci_high",
     "p_value",
     "q_value",
     "n",
     "test",
     "correlation"
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
     "next": {
      "description": "The query parameters of the next page (keyset paging); absent on the last page",
      "properties": {
       "after_epoch": {
        "type": "integer"
       },
       "after_item": {
        "type": "string"
       }
      },
      "required": [
       "after_item",
       "after_epoch"
      ],
      "type": "object"
     },
     "offset": {
      "description": "The offset asked for; absent on a keyset page",
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
   "SeriesCurve": {
    "properties": {
     "change_points": {
      "items": {
       "$ref": "#/components/schemas/ChangePoint"
      },
      "type": "array"
     },
     "cusum": {
      "oneOf": [
       {
        "properties": {
         "axis": {
          "type": "number"
         },
         "statistic": {
          "description": "null when the curve has no noise to scale by",
          "type": [
           "number",
           "null"
          ]
         }
        },
        "required": [
         "axis",
         "statistic"
        ],
        "type": "object"
       },
       {
        "type": "null"
       }
      ]
     },
     "metric": {
      "type": "string"
     },
     "points": {
      "type": "integer"
     }
    },
    "required": [
     "metric",
     "points",
     "change_points"
    ],
    "type": "object"
   },
   "SeriesDetail": {
    "description": "A series with its ladder verdicts, change points and grokking report (absent when the series has no test/accuracy curve of 6 points)",
    "properties": {
     "axis_max": {
      "type": "number"
     },
     "axis_min": {
      "type": "number"
     },
     "curves": {
      "items": {
       "$ref": "#/components/schemas/SeriesCurve"
      },
      "type": "array"
     },
     "grokking": {
      "$ref": "#/components/schemas/GrokkingReport"
     },
     "metrics": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "name": {
      "type": "string"
     },
     "points": {
      "items": {
       "$ref": "#/components/schemas/SeriesPoint"
      },
      "type": "array"
     },
     "verdicts": {
      "items": {
       "$ref": "#/components/schemas/LadderVerdict"
      },
      "type": "array"
     }
    },
    "required": [
     "name",
     "axis_min",
     "axis_max",
     "metrics",
     "points",
     "verdicts",
     "curves"
    ],
    "type": "object"
   },
   "SeriesPoint": {
    "description": "One measurement of a metric at one axis value",
    "properties": {
     "axis": {
      "type": "number"
     },
     "metric": {
      "type": "string"
     },
     "n": {
      "description": "items measured; 0 when unknown",
      "type": "integer"
     },
     "run": {
      "description": "the run the point came from, when it did",
      "type": "string"
     },
     "series": {
      "type": "string"
     },
     "stderr": {
      "description": "absent when unknown",
      "type": "number"
     },
     "value": {
      "type": "number"
     }
    },
    "required": [
     "series",
     "axis",
     "metric",
     "value",
     "n"
    ],
    "type": "object"
   },
   "SeriesSummary": {
    "description": "A stored series without its points",
    "properties": {
     "axis_max": {
      "type": "number"
     },
     "axis_min": {
      "type": "number"
     },
     "metrics": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "name": {
      "type": "string"
     },
     "points": {
      "type": "integer"
     }
    },
    "required": [
     "name",
     "points",
     "metrics",
     "axis_min",
     "axis_max"
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
   "SuiteDiff": {
    "properties": {
     "added": {
      "items": {
       "properties": {
        "evolution": {
         "type": [
          "string",
          "null"
         ]
        },
        "fitness": {
         "type": [
          "number",
          "null"
         ]
        },
        "item": {
         "type": "string"
        },
        "operator_chain": {
         "items": {
          "type": "string"
         },
         "type": "array"
        },
        "prompt": {
         "type": "string"
        },
        "target_model": {
         "type": [
          "string",
          "null"
         ]
        }
       },
       "required": [
        "item",
        "prompt",
        "operator_chain"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "config_changed": {
      "type": "boolean"
     },
     "from": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "removed": {
      "items": {
       "properties": {
        "item": {
         "type": "string"
        },
        "prompt": {
         "type": "string"
        },
        "reason": {
         "type": [
          "string",
          "null"
         ]
        },
        "state": {
         "description": "saturated or retired; null when gone from the newer version",
         "type": [
          "string",
          "null"
         ]
        }
       },
       "required": [
        "item",
        "prompt"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "to": {
      "type": "string"
     },
     "unchanged": {
      "type": "integer"
     }
    },
    "required": [
     "name",
     "from",
     "to",
     "added",
     "removed",
     "unchanged",
     "config_changed"
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
     "retired": {
      "description": "saturated and retired items kept on record",
      "type": "integer"
     },
     "version": {
      "type": "string"
     }
    },
    "required": [
     "name",
     "version",
     "items",
     "retired",
     "created_at"
    ],
    "type": "object"
   },
   "TrackedFinding": {
    "description": "A finding: a cluster of similar failures tracked across runs (as `assay findings list --json` gives it)",
    "properties": {
     "examples": {
      "description": "detail only: representative (closest to the centroid) and minimal (shortest prompt) failures",
      "items": {
       "properties": {
        "epoch": {
         "type": "integer"
        },
        "item": {
         "type": "string"
        },
        "kind": {
         "enum": [
          "representative",
          "minimal"
         ],
         "type": "string"
        },
        "prompt": {
         "type": "string"
        },
        "response": {
         "type": "string"
        },
        "source": {
         "type": "string"
        }
       },
       "required": [
        "kind",
        "source",
        "item",
        "epoch",
        "prompt",
        "response"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "first_seen": {
      "format": "date-time",
      "type": [
       "string",
       "null"
      ]
     },
     "id": {
      "description": "F-N, numbered in creation order",
      "type": "string"
     },
     "items": {
      "type": "integer"
     },
     "last_seen": {
      "format": "date-time",
      "type": [
       "string",
       "null"
      ]
     },
     "models": {
      "items": {
       "properties": {
        "model": {
         "type": "string"
        },
        "samples": {
         "type": "integer"
        }
       },
       "required": [
        "model",
        "samples"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "note": {
      "type": [
       "string",
       "null"
      ]
     },
     "promoted_versions": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "representation": {
      "description": "tfidf, or embedding:MODEL",
      "type": "string"
     },
     "runs": {
      "description": "mined runs and evolutions holding at least one of its samples",
      "type": "integer"
     },
     "samples": {
      "type": "integer"
     },
     "status": {
      "enum": [
       "open",
       "triaged",
       "fixed",
       "wont_fix"
      ],
      "type": "string"
     },
     "terms": {
      "description": "the cluster's most characteristic words",
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "title": {
      "type": "string"
     },
     "trend": {
      "description": "every mined run, oldest first, with this finding's share of its samples and a 95% Wilson interval",
      "items": {
       "properties": {
        "ci_high": {
         "type": "number"
        },
        "ci_low": {
         "type": "number"
        },
        "count": {
         "type": "integer"
        },
        "kind": {
         "enum": [
          "run",
          "evolution"
         ],
         "type": "string"
        },
        "model": {
         "type": "string"
        },
        "rate": {
         "type": "number"
        },
        "samples": {
         "type": "integer"
        },
        "source": {
         "type": "string"
        },
        "started_at": {
         "format": "date-time",
         "type": "string"
        }
       },
       "required": [
        "source",
        "kind",
        "model",
        "samples",
        "count",
        "rate",
        "ci_low",
        "ci_high",
        "started_at"
       ],
       "type": "object"
      },
      "type": "array"
     }
    },
    "required": [
     "id",
     "title",
     "terms",
     "status",
     "representation",
     "samples",
     "items",
     "runs",
     "models",
     "trend",
     "promoted_versions"
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
  "/api/compare": {
   "get": {
    "parameters": [
     {
      "description": "The first run (id or unique prefix); differences are a - b",
      "in": "query",
      "name": "a",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "The second run (id or unique prefix)",
      "in": "query",
      "name": "b",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "False-discovery rate for marking differences significant",
      "in": "query",
      "name": "alpha",
      "schema": {
       "default": 0.05,
       "exclusiveMaximum": 1,
       "exclusiveMinimum": 0,
       "type": "number"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Comparison"
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
      "description": "a or b missing, or alpha out of range"
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
    "summary": "Two runs compared on the items they share: paired metric differences with CIs and tests, behaviour shift, flipped items, distribution test"
   }
  },
  "/api/evolutions": {
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
          "$ref": "#/components/schemas/Evolution"
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
    "summary": "Evolution searches, newest first"
   }
  },
  "/api/evolutions/{id}": {
   "get": {
    "parameters": [
     {
      "description": "Evolution id or unique prefix",
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
         "$ref": "#/components/schemas/EvolutionDetail"
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
     },
     "500": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "the stored search state could not be read"
     }
    },
    "summary": "One search: summary figures, every archive cell with its elite, and the findings"
   }
  },
  "/api/findings": {
   "get": {
    "parameters": [
     {
      "description": "only findings with this status",
      "in": "query",
      "name": "status",
      "required": false,
      "schema": {
       "enum": [
        "open",
        "triaged",
        "fixed",
        "wont_fix"
       ],
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
          "$ref": "#/components/schemas/TrackedFinding"
         },
         "type": "array"
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
      "description": "unknown status"
     }
    },
    "summary": "Findings with their counts, first and last seen, and trend over the mined runs"
   }
  },
  "/api/findings/{id}": {
   "get": {
    "parameters": [
     {
      "description": "F-N or N",
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
         "$ref": "#/components/schemas/TrackedFinding"
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
    "summary": "One finding with its representative and minimal examples"
   }
  },
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
  "/api/runs/{id}/dimension": {
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
         "$ref": "#/components/schemas/DimensionReport"
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
    "summary": "The dimension report of a run of a dimension suite (kind: omission, honesty, goodhart, learning, horizon, persistence); 404 for a plain suite"
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
      "description": "With after_epoch: the page starts right after this unit (a page's next), at a cost independent of its depth; not with offset",
      "in": "query",
      "name": "after_item",
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "after_epoch",
      "schema": {
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
  "/api/series": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "items": {
          "$ref": "#/components/schemas/SeriesSummary"
         },
         "type": "array"
        }
       }
      },
      "description": "OK"
     }
    },
    "summary": "The stored series (ladders, training curves)"
   }
  },
  "/api/series/{name}": {
   "get": {
    "parameters": [
     {
      "description": "The series name, percent-encoded",
      "in": "path",
      "name": "name",
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
         "$ref": "#/components/schemas/SeriesDetail"
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
    "summary": "A series: its points, ladder verdicts, change points per metric and grokking report"
   }
  },
  "/api/series/{name}/forecast": {
   "get": {
    "parameters": [
     {
      "description": "The series name, percent-encoded",
      "in": "path",
      "name": "name",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "The metric to forecast (a rate in [0, 1])",
      "in": "query",
      "name": "metric",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "The threshold to cross",
      "in": "query",
      "name": "threshold",
      "required": true,
      "schema": {
       "exclusiveMaximum": 1,
       "exclusiveMinimum": 0,
       "type": "number"
      }
     },
     {
      "description": "Fit on this first share of the axis and score the prediction on the rest",
      "in": "query",
      "name": "backtest",
      "schema": {
       "exclusiveMaximum": 1,
       "exclusiveMinimum": 0,
       "type": "number"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Forecast"
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
      "description": "metric or threshold missing, a number out of range, or a metric that is not a rate"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "description": "no such series or metric"
     }
    },
    "summary": "A logistic forecast of where a metric crosses a threshold, with a 90% bootstrap interval and an optional backtest"
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
  "/api/suites/{name}/diff": {
   "get": {
    "parameters": [
     {
      "description": "Suite name",
      "in": "path",
      "name": "name",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "Older version (hash or unique prefix); defaults to the parent of to",
      "in": "query",
      "name": "from",
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "Newer version (hash or unique prefix); defaults to the newest version",
      "in": "query",
      "name": "to",
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
         "$ref": "#/components/schemas/SuiteDiff"
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
      "description": "from is missing and to has no parent"
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
    "summary": "Items added and retired between two versions of a suite"
   }
  },
  "/api/suites/{name}/versions": {
   "get": {
    "parameters": [
     {
      "description": "Suite name",
      "in": "path",
      "name": "name",
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
    "summary": "The versions of one suite, newest first"
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
