"""The same softmax regression, three ways in TensorFlow.

Each trainer starts from given weights and bias, takes batches (X, Y one-hot)
one `step` at a time, and hands back its weights as NumPy arrays, so a test
can put it beside `SoftmaxRegression` after any number of steps.

    OriginalGraph   the 2016 original's code as written: tf.compat.v1 graph, placeholders,
                y = softmax(xW + b), cross_entropy = mean(-sum(y_ * log(y))),
                GradientDescentOptimizer, Session, feed_dict
    TapeModel   TF2: tf.GradientTape around softmax_cross_entropy_with_logits
    KerasModel  TF2: a Dense(10) layer, SGD, from-logits categorical cross-entropy
"""

import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras
import tensorflow as tf
from tensorflow.core.protobuf import rewriter_config_pb2

v1 = tf.compat.v1


class OriginalGraph:
    """The 2016 original's TensorFlow 1 program, in a graph of its own (eager off inside it)."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, learning_rate: float = 0.5,
                 rewrite_log_softmax: bool = True):
        """rewrite_log_softmax=False turns off Grappler's arithmetic optimizer, which
        today silently replaces log(softmax(x)) by log_softmax(x) in a Session graph.
        TensorFlow of 2016 had no such rewrite: off is what the 2016 original ran."""
        d, k = weights.shape
        dtype = tf.as_dtype(weights.dtype)
        config = v1.ConfigProto()
        if not rewrite_log_softmax:
            config.graph_options.rewrite_options.arithmetic_optimization = (
                rewriter_config_pb2.RewriterConfig.OFF)
        self.graph = tf.Graph()
        with self.graph.as_default():
            assert not tf.executing_eagerly()
            self.x = v1.placeholder(dtype, [None, d])
            self.W = tf.Variable(weights)
            self.b = tf.Variable(bias)
            self.logits = tf.matmul(self.x, self.W) + self.b
            self.y = tf.nn.softmax(self.logits)
            self.y_ = v1.placeholder(dtype, [None, k])
            self.cross_entropy = tf.reduce_mean(-tf.reduce_sum(self.y_ * tf.math.log(self.y),
                                                               axis=1))
            self.train_step = v1.train.GradientDescentOptimizer(learning_rate).minimize(
                self.cross_entropy)
            self.session = v1.Session(graph=self.graph, config=config)
            self.session.run(v1.global_variables_initializer())

    def step(self, X: np.ndarray, Y: np.ndarray) -> None:
        self.session.run(self.train_step, feed_dict={self.x: X, self.y_: Y})

    def probs(self, X: np.ndarray) -> np.ndarray:
        return self.session.run(self.y, feed_dict={self.x: X})

    def original_loss(self, X: np.ndarray, Y: np.ndarray) -> float:
        """The 2016 original's cross-entropy formula, mean(-sum(y_ * log(softmax)))."""
        return float(self.session.run(self.cross_entropy, feed_dict={self.x: X, self.y_: Y}))

    def parameters(self) -> tuple[np.ndarray, np.ndarray]:
        return self.session.run([self.W, self.b])


def original_cross_entropy(logits: np.ndarray, onehot: np.ndarray) -> float:
    """The 2016 original's loss formula run eagerly: mean(-sum(y_ * log(softmax(logits))))."""
    probs = tf.nn.softmax(logits)
    return float(tf.reduce_mean(-tf.reduce_sum(onehot * tf.math.log(probs), axis=1)))


class TapeModel:
    """TF2 eager: the gradient of softmax_cross_entropy_with_logits by GradientTape."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, learning_rate: float = 0.5):
        self.W = tf.Variable(weights)
        self.b = tf.Variable(bias)
        self.learning_rate = learning_rate

    def loss(self, X, Y) -> tf.Tensor:
        logits = tf.matmul(X, self.W) + self.b
        return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits))

    def gradients(self, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        with tf.GradientTape() as tape:
            loss = self.loss(X, Y)
        dW, db = tape.gradient(loss, [self.W, self.b])
        return dW.numpy(), db.numpy()

    def step(self, X: np.ndarray, Y: np.ndarray) -> None:
        with tf.GradientTape() as tape:
            loss = self.loss(X, Y)
        dW, db = tape.gradient(loss, [self.W, self.b])
        self.W.assign_sub(self.learning_rate * dW)
        self.b.assign_sub(self.learning_rate * db)

    def parameters(self) -> tuple[np.ndarray, np.ndarray]:
        return self.W.numpy(), self.b.numpy()


class FunctionModel(TapeModel):
    """TapeModel's step compiled with tf.function; the training set lives in TensorFlow
    and the batch is gathered inside the graph (TensorFlow's fastest CPU path here)."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, learning_rate: float = 0.5):
        super().__init__(weights, bias, learning_rate)
        self.compiled_step = tf.function(super().step)

    def step(self, X, Y) -> None:
        self.compiled_step(X, Y)

    def step_on_indices(self, X: tf.Tensor, Y: tf.Tensor, indices: np.ndarray) -> None:
        self.compiled_gather_step(X, Y, tf.constant(indices))

    @tf.function
    def compiled_gather_step(self, X, Y, indices) -> None:
        super().step(tf.gather(X, indices), tf.gather(Y, indices))


class KerasModel:
    """TF2 Keras: Dense(k) started from the given weights, SGD, from-logits cross-entropy."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, learning_rate: float = 0.5):
        d, k = weights.shape
        dtype = str(weights.dtype)
        self.model = keras.Sequential([
            keras.Input((d,), dtype=dtype),
            keras.layers.Dense(k, dtype=dtype,
                               kernel_initializer=keras.initializers.Constant(weights),
                               bias_initializer=keras.initializers.Constant(bias)),
        ])
        self.model.compile(optimizer=keras.optimizers.SGD(learning_rate),
                           loss=keras.losses.CategoricalCrossentropy(from_logits=True, dtype=dtype))
        self.model.layers[0].set_weights([weights, bias])  # exact, whatever Constant rounds

    def step(self, X: np.ndarray, Y: np.ndarray) -> None:
        self.model.train_on_batch(X, Y)

    def parameters(self) -> tuple[np.ndarray, np.ndarray]:
        weights, bias = self.model.layers[0].get_weights()
        return weights, bias


TRAINERS = {"tf1-original-graph": OriginalGraph, "tf2-gradient-tape": TapeModel,
            "tf2-function": FunctionModel, "tf2-keras": KerasModel}


# ----- the network: one hidden layer of ReLUs under a softmax ---------------------------------


class NetworkTape:
    """TF2 eager: relu(X W1 + b1) W2 + b2, softmax_cross_entropy_with_logits, its gradient by
    GradientTape, and SGD with momentum written out (v <- mu v - eta g; theta <- theta + v)."""

    def __init__(self, parameters: list[np.ndarray], learning_rate: float, momentum: float):
        self.variables = [tf.Variable(p) for p in parameters]
        self.velocities = [tf.Variable(tf.zeros_like(p)) for p in parameters]
        self.learning_rate, self.momentum = learning_rate, momentum

    def logits(self, X) -> tf.Tensor:
        W1, b1, W2, b2 = self.variables
        return tf.matmul(tf.nn.relu(tf.matmul(X, W1) + b1), W2) + b2

    def loss(self, X, Y) -> tf.Tensor:
        return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y,
                                                                      logits=self.logits(X)))

    def gradients(self, X: np.ndarray, Y: np.ndarray) -> list[np.ndarray]:
        with tf.GradientTape() as tape:
            loss = self.loss(X, Y)
        return [g.numpy() for g in tape.gradient(loss, self.variables)]

    def step(self, X: np.ndarray, Y: np.ndarray) -> None:
        with tf.GradientTape() as tape:
            loss = self.loss(X, Y)
        for variable, velocity, gradient in zip(self.variables, self.velocities,
                                                tape.gradient(loss, self.variables), strict=True):
            velocity.assign(self.momentum * velocity - self.learning_rate * gradient)
            variable.assign_add(velocity)

    def parameters(self) -> list[np.ndarray]:
        return [v.numpy() for v in self.variables]


class NetworkKeras:
    """TF2 Keras: Dense(h, relu) and Dense(k, softmax), started from the given weights,
    keras.optimizers.SGD(learning_rate, momentum), categorical cross-entropy."""

    def __init__(self, parameters: list[np.ndarray], learning_rate: float, momentum: float):
        W1, b1, W2, b2 = parameters
        dtype = str(W1.dtype)
        self.model = keras.Sequential([
            keras.Input((W1.shape[0],), dtype=dtype),
            keras.layers.Dense(W1.shape[1], activation="relu", dtype=dtype),
            keras.layers.Dense(W2.shape[1], activation="softmax", dtype=dtype),
        ])
        self.model.compile(optimizer=keras.optimizers.SGD(learning_rate, momentum=momentum),
                           loss=keras.losses.CategoricalCrossentropy(dtype=dtype))
        self.model.layers[0].set_weights([W1, b1])
        self.model.layers[1].set_weights([W2, b2])

    def step(self, X: np.ndarray, Y: np.ndarray) -> None:
        self.model.train_on_batch(X, Y)

    def parameters(self) -> list[np.ndarray]:
        return [*self.model.layers[0].get_weights(), *self.model.layers[1].get_weights()]


NETWORK_TRAINERS = {"tf2-gradient-tape": NetworkTape, "tf2-keras": NetworkKeras}
