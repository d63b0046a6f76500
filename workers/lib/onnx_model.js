// onnx_model.js — the bytes of a one-node ONNX model (a ModelProto, protobuf wire format),
// built here so the onnxruntime worker needs no protobuf library and no model files.
// Only the fields that model needs are written; their numbers are those of onnx.proto
// (onnx/onnx.proto, IR version 8): ModelProto {ir_version 1, opset_import 8, graph 7},
// GraphProto {node 1, name 2, input 11, output 12}, NodeProto {input 1, output 2,
// op_type 4, attribute 5}, AttributeProto {name 1, i 3, ints 8, type 20},
// ValueInfoProto {name 1, type 2}, TypeProto {tensor_type 1}, TypeProto.Tensor
// {elem_type 1, shape 2}, TensorShapeProto {dim 1}, Dimension {dim_value 1},
// OperatorSetIdProto {domain 1, version 2}.
'use strict';

const WIRE_VARINT = 0, WIRE_BYTES = 2;
const ATTRIBUTE_INT = 2, ATTRIBUTE_INTS = 7;
const ELEMENT_FLOAT = 1;

function varint(value) {
  // Non-negative integers only (every field written here is), up to 2^53.
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint of ${value}`);
  const bytes = [];
  do {
    let low = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) low |= 128;
    bytes.push(low);
  } while (value > 0);
  return Buffer.from(bytes);
}

// Signed int64 as protobuf writes it: two's complement in 64 bits, ten bytes when negative.
function int64(value) {
  if (value >= 0) return varint(value);
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes = [];
  while (v >= 128n) { bytes.push(Number(v & 127n) | 128); v >>= 7n; }
  bytes.push(Number(v));
  return Buffer.from(bytes);
}

const key = (field, wire) => varint(field * 8 + wire);
const intField = (field, value) => Buffer.concat([key(field, WIRE_VARINT), int64(value)]);
const bytesField = (field, bytes) => Buffer.concat([key(field, WIRE_BYTES), varint(bytes.length), bytes]);
const textField = (field, text) => bytesField(field, Buffer.from(text, 'utf8'));

function intsAttribute(name, values) {
  return Buffer.concat([textField(1, name), ...values.map(v => intField(8, v)), intField(20, ATTRIBUTE_INTS)]);
}
function intAttribute(name, value) {
  return Buffer.concat([textField(1, name), intField(3, value), intField(20, ATTRIBUTE_INT)]);
}

function floatTensorValueInfo(name, shape) {
  const dims = shape.map(d => bytesField(1, intField(1, d)));
  const tensorType = Buffer.concat([intField(1, ELEMENT_FLOAT), bytesField(2, Buffer.concat(dims))]);
  return Buffer.concat([textField(1, name), bytesField(2, bytesField(1, tensorType))]);
}

// A model with inputs X (shape xShape), W (wShape), one `opType` node, output Y (yShape).
// attributes: {name: integer | integer[]}.
function oneNodeModel({ opType, attributes, xShape, wShape, yShape, opset }) {
  const attrs = Object.entries(attributes).map(([name, v]) =>
    bytesField(5, Array.isArray(v) ? intsAttribute(name, v) : intAttribute(name, v)));
  const node = Buffer.concat([textField(1, 'X'), textField(1, 'W'), textField(2, 'Y'), textField(4, opType), ...attrs]);
  const graph = Buffer.concat([
    bytesField(1, node), textField(2, 'dxcheck'),
    bytesField(11, floatTensorValueInfo('X', xShape)), bytesField(11, floatTensorValueInfo('W', wShape)),
    bytesField(12, floatTensorValueInfo('Y', yShape)),
  ]);
  const opsetImport = Buffer.concat([textField(1, ''), intField(2, opset)]);
  return new Uint8Array(Buffer.concat([intField(1, 8), bytesField(8, opsetImport), bytesField(7, graph)]));
}

module.exports = { oneNodeModel };
